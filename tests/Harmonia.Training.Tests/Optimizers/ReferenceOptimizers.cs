namespace Harmonia.Training.Tests.Optimizers;

/// <summary>
/// The update rules written out in float64 from their published definitions: torch.optim.Adam
/// (L2 decay added to the gradient), torch.optim.AdamW (decoupled decay), and lion-pytorch's
/// Lion. One instance tracks one parameter.
/// </summary>
internal abstract class ReferenceOptimizer
{
    public abstract void Step(double[] p, double[] g, double lr, double wd);

    public static ReferenceOptimizer Create(string kind, int size) => kind switch
    {
        "adam" => new ReferenceAdam(size, decoupled: false),
        "adamw" => new ReferenceAdam(size, decoupled: true),
        "lion" => new ReferenceLion(size),
        _ => throw new ArgumentException(kind),
    };
}

internal sealed class ReferenceAdam(int size, bool decoupled, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8) : ReferenceOptimizer
{
    private readonly double[] m = new double[size];
    private readonly double[] v = new double[size];
    private int t;

    public override void Step(double[] p, double[] g, double lr, double wd)
    {
        t++;
        for (int i = 0; i < p.Length; i++)
        {
            double grad = g[i];
            if (decoupled) p[i] -= lr * wd * p[i];
            else grad += wd * p[i];
            m[i] = beta1 * m[i] + (1 - beta1) * grad;
            v[i] = beta2 * v[i] + (1 - beta2) * grad * grad;
            double mHat = m[i] / (1 - Math.Pow(beta1, t));
            double vHat = v[i] / (1 - Math.Pow(beta2, t));
            p[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
        }
    }
}

internal sealed class ReferenceLion(int size, double beta1 = 0.9, double beta2 = 0.99) : ReferenceOptimizer
{
    private readonly double[] m = new double[size];

    /// <summary>The smallest |β1·m + (1−β1)·g| seen: how far every update was from a sign flip.</summary>
    public double SmallestDirection { get; private set; } = double.PositiveInfinity;

    /// <summary>How many element updates moved against the sign of their own gradient (momentum at work).</summary>
    public int MomentumOverrides { get; private set; }

    public override void Step(double[] p, double[] g, double lr, double wd)
    {
        for (int i = 0; i < p.Length; i++)
        {
            double direction = beta1 * m[i] + (1 - beta1) * g[i];
            SmallestDirection = Math.Min(SmallestDirection, Math.Abs(direction));
            if (Math.Sign(direction) != Math.Sign(g[i])) MomentumOverrides++;
            p[i] = p[i] * (1 - lr * wd) - lr * Math.Sign(direction);
            m[i] = beta2 * m[i] + (1 - beta2) * g[i];
        }
    }
}
