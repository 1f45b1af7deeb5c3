using Harmonia.Tensors;

namespace Harmonia.Training.Optimizers;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter), defined exactly as <c>torch.optim.AdamW</c> (without amsgrad):
/// the parameter first shrinks by decoupled weight decay, p ← p·(1 − lr·wd), then takes the
/// plain <see cref="Adam"/> step on the unmodified gradient. PyTorch's default weight decay is 0.01.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>PyTorch's default decoupled weight decay, 0.01: what <c>harmonia train --optimizer adamw</c> uses unless told otherwise.</summary>
    public const double DefaultWeightDecay = 1e-2;

    /// <summary>One group holding every parameter.</summary>
    /// <param name="namedParameters">The parameters, as <c>Module.NamedParameters()</c> yields them.</param>
    /// <param name="learningRate">lr (1e-3).</param>
    /// <param name="weightDecay">Decoupled decay coefficient (PyTorch's default 0.01).</param>
    /// <param name="beta1">Decay of the first moment (0.9).</param>
    /// <param name="beta2">Decay of the second moment (0.999).</param>
    /// <param name="epsilon">Added to the bias-corrected √v (1e-8).</param>
    public AdamW(IEnumerable<(string Name, Tensor Tensor)> namedParameters, double learningRate = 1e-3, double weightDecay = DefaultWeightDecay,
        double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : this([new ParameterGroup("default", namedParameters, learningRate, weightDecay)], beta1, beta2, epsilon)
    {
    }

    /// <summary>Parameter groups with their own learning rates, weight decays and frozen flags.</summary>
    public AdamW(IReadOnlyList<ParameterGroup> groups, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : base(groups, beta1, beta2, epsilon, decoupledWeightDecay: true)
    {
    }
}
