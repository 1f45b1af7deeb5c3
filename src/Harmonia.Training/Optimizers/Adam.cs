using Harmonia.Tensors;

namespace Harmonia.Training.Optimizers;

/// <summary>
/// Adam (Kingma &amp; Ba), defined exactly as <c>torch.optim.Adam</c> (without amsgrad): weight
/// decay is L2 regularisation added to the gradient, g ← g + wd·p; then
/// m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², and
/// p ← p − lr/(1−β1^t) · m / (√v / √(1−β2^t) + ε).
/// State per parameter: <c>exp_avg</c> (m), <c>exp_avg_sq</c> (v) and <c>step</c> (t).
/// </summary>
/// <remarks>
/// Arithmetic follows PyTorch's single-tensor CPU path: elementwise float32 with the bias
/// corrections and step size computed in double and rounded once.
/// </remarks>
public class Adam : Optimizer
{
    private readonly bool decoupledWeightDecay;

    /// <summary>One group holding every parameter.</summary>
    /// <param name="namedParameters">The parameters, as <c>Module.NamedParameters()</c> yields them.</param>
    /// <param name="learningRate">lr (PyTorch's default 1e-3).</param>
    /// <param name="weightDecay">L2 coefficient added to the gradient (default 0).</param>
    /// <param name="beta1">Decay of the first moment (0.9).</param>
    /// <param name="beta2">Decay of the second moment (0.999).</param>
    /// <param name="epsilon">Added to the bias-corrected √v (1e-8).</param>
    public Adam(IEnumerable<(string Name, Tensor Tensor)> namedParameters, double learningRate = 1e-3, double weightDecay = 0,
        double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : this([new ParameterGroup("default", namedParameters, learningRate, weightDecay)], beta1, beta2, epsilon)
    {
    }

    /// <summary>Parameter groups with their own learning rates, weight decays and frozen flags.</summary>
    public Adam(IReadOnlyList<ParameterGroup> groups, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : this(groups, beta1, beta2, epsilon, decoupledWeightDecay: false)
    {
    }

    /// <summary>For <see cref="AdamW"/>: the same update with weight decay applied to the parameter directly.</summary>
    private protected Adam(IReadOnlyList<ParameterGroup> groups, double beta1, double beta2, double epsilon, bool decoupledWeightDecay)
        : base(groups, ["exp_avg", "exp_avg_sq"])
    {
        Beta1 = HyperParameters.RequireBeta(beta1, nameof(beta1));
        Beta2 = HyperParameters.RequireBeta(beta2, nameof(beta2));
        Epsilon = HyperParameters.RequireEpsilon(epsilon, nameof(epsilon));
        this.decoupledWeightDecay = decoupledWeightDecay;
    }

    /// <summary>Decay rate of the first-moment average.</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the second-moment average.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the bias-corrected square root of the second moment.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected sealed override void Update(ParameterGroup group, float[] parameter, float[] gradient, float[][] buffers, long step, int start, int end)
    {
        var firstMoment = buffers[0];
        var secondMoment = buffers[1];
        double lr = group.LearningRate, wd = group.WeightDecay;
        float beta2 = (float)Beta2;
        float firstMomentWeight = (float)(1 - Beta1);
        float secondMomentWeight = (float)(1 - Beta2);
        float stepSize = (float)(lr / (1 - Math.Pow(Beta1, step)));
        float secondCorrectionSqrt = (float)Math.Sqrt(1 - Math.Pow(Beta2, step));
        float epsilon = (float)Epsilon;
        bool coupledDecay = !decoupledWeightDecay && wd != 0;
        float l2 = (float)wd;
        float shrink = (float)(1 - lr * wd);

        for (int i = start; i < end; i++)
        {
            float p = parameter[i];
            if (decoupledWeightDecay) p *= shrink;
            float g = gradient[i];
            if (coupledDecay) g += l2 * p;
            // PyTorch moves m toward g with lerp: m + (1−β1)(g − m).
            float m = firstMoment[i] + firstMomentWeight * (g - firstMoment[i]);
            float v = secondMoment[i] * beta2 + secondMomentWeight * g * g;
            float denominator = MathF.Sqrt(v) / secondCorrectionSqrt + epsilon;
            firstMoment[i] = m;
            secondMoment[i] = v;
            parameter[i] = p + -stepSize * (m / denominator);
        }
    }
}
