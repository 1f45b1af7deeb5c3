using Harmonia.Tensors;

namespace Harmonia.Training.Optimizers;

/// <summary>
/// Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms") as the
/// <c>lion-pytorch</c> package implements it, which PHNet's authors train with:
/// p ← p·(1 − lr·wd); p ← p − lr·sign(β1·m + (1−β1)·g); then m ← β2·m + (1−β2)·g.
/// State per parameter: <c>exp_avg</c> (m) and <c>step</c> (kept for bookkeeping; the update does not use it).
/// </summary>
/// <remarks>
/// sign(0) is 0, so an element whose interpolated momentum is exactly zero does not move (apart
/// from decay); a NaN gradient makes the parameter NaN, so divergence shows instead of stalling.
/// </remarks>
public sealed class Lion : Optimizer
{
    /// <summary>One group holding every parameter.</summary>
    /// <param name="namedParameters">The parameters, as <c>Module.NamedParameters()</c> yields them.</param>
    /// <param name="learningRate">lr (lion-pytorch's default 1e-4).</param>
    /// <param name="weightDecay">Decoupled decay coefficient (0).</param>
    /// <param name="beta1">Interpolation weight of the momentum in the update direction (0.9).</param>
    /// <param name="beta2">Decay of the momentum (0.99).</param>
    public Lion(IEnumerable<(string Name, Tensor Tensor)> namedParameters, double learningRate = 1e-4, double weightDecay = 0,
        double beta1 = 0.9, double beta2 = 0.99)
        : this([new ParameterGroup("default", namedParameters, learningRate, weightDecay)], beta1, beta2)
    {
    }

    /// <summary>Parameter groups with their own learning rates, weight decays and frozen flags.</summary>
    public Lion(IReadOnlyList<ParameterGroup> groups, double beta1 = 0.9, double beta2 = 0.99)
        : base(groups, ["exp_avg"])
    {
        Beta1 = HyperParameters.RequireBeta(beta1, nameof(beta1));
        Beta2 = HyperParameters.RequireBeta(beta2, nameof(beta2));
    }

    /// <summary>Weight of the momentum when choosing the update's sign.</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the momentum.</summary>
    public double Beta2 { get; }

    /// <inheritdoc/>
    protected override void Update(ParameterGroup group, float[] parameter, float[] gradient, float[][] buffers, long step, int start, int end)
    {
        var momentum = buffers[0];
        double lr = group.LearningRate;
        float shrink = (float)(1 - lr * group.WeightDecay);
        float learningRate = (float)lr;
        float beta1 = (float)Beta1, beta2 = (float)Beta2;
        float gradientWeightInUpdate = (float)(1 - Beta1);
        float gradientWeightInMomentum = (float)(1 - Beta2);

        for (int i = start; i < end; i++)
        {
            float g = gradient[i];
            float m = momentum[i];
            float direction = m * beta1 + gradientWeightInUpdate * g;
            parameter[i] = parameter[i] * shrink + -learningRate * Sign(direction);
            momentum[i] = m * beta2 + gradientWeightInMomentum * g;
        }
    }

    /// <summary>−1, 0 or 1, and NaN for NaN (where <see cref="MathF.Sign(float)"/> would throw).</summary>
    private static float Sign(float x) => x > 0 ? 1f : x < 0 ? -1f : x;
}
