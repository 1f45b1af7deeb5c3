namespace Harmonia.Tensors.Random;

/// <summary>
/// Parameter initialisers with PyTorch's <c>torch.nn.init</c> definitions of fan-in, fan-out
/// and gain. Each fills a tensor in place from a seeded <see cref="RandomGenerator"/>.
/// </summary>
public static class Init
{
    /// <summary>Every element from N(mean, std²).</summary>
    public static void Normal(Tensor t, RandomGenerator rng, double mean = 0, double std = 1)
    {
        for (int i = 0; i < t.Numel; i++) t.Data[i] = (float)(mean + std * rng.NextGaussian());
    }

    /// <summary>Every element from U[low, high).</summary>
    public static void Uniform(Tensor t, RandomGenerator rng, double low = 0, double high = 1)
    {
        for (int i = 0; i < t.Numel; i++) t.Data[i] = (float)rng.NextUniform(low, high);
    }

    /// <summary>Every element set to <paramref name="value"/>.</summary>
    public static void Constant(Tensor t, float value) => Array.Fill(t.Data, value);

    /// <summary>Kaiming (He) normal: std = gain / √fan, gain = √(2 / (1 + a²)) for leaky ReLU slope a.</summary>
    public static void KaimingNormal(Tensor t, RandomGenerator rng, double a = 0, bool fanIn = true)
    {
        var (fi, fo) = Fans(t);
        Normal(t, rng, 0, LeakyReluGain(a) / Math.Sqrt(fanIn ? fi : fo));
    }

    /// <summary>Kaiming uniform: bound = gain · √(3 / fan).</summary>
    public static void KaimingUniform(Tensor t, RandomGenerator rng, double a = 0, bool fanIn = true)
    {
        var (fi, fo) = Fans(t);
        double bound = LeakyReluGain(a) * Math.Sqrt(3.0 / (fanIn ? fi : fo));
        Uniform(t, rng, -bound, bound);
    }

    /// <summary>Xavier (Glorot) normal: std = gain · √(2 / (fan_in + fan_out)).</summary>
    public static void XavierNormal(Tensor t, RandomGenerator rng, double gain = 1)
    {
        var (fi, fo) = Fans(t);
        Normal(t, rng, 0, gain * Math.Sqrt(2.0 / (fi + fo)));
    }

    /// <summary>Xavier uniform: bound = gain · √(6 / (fan_in + fan_out)).</summary>
    public static void XavierUniform(Tensor t, RandomGenerator rng, double gain = 1)
    {
        var (fi, fo) = Fans(t);
        double bound = gain * Math.Sqrt(6.0 / (fi + fo));
        Uniform(t, rng, -bound, bound);
    }

    /// <summary>PyTorch's fans: for a weight [out, in, k…], fan_in = in·∏k and fan_out = out·∏k.</summary>
    public static (int FanIn, int FanOut) Fans(Tensor t)
    {
        if (t.Rank < 2) throw new ArgumentException($"Fan-in and fan-out need at least 2 dimensions, got {ShapeMath.Format(t.Shape)}.");
        int receptive = 1;
        for (int i = 2; i < t.Rank; i++) receptive *= t.Shape[i];
        return (t.Shape[1] * receptive, t.Shape[0] * receptive);
    }

    private static double LeakyReluGain(double a) => Math.Sqrt(2.0 / (1 + a * a));
}
