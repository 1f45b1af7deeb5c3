using Harmonia.Tensors;

namespace Harmonia.Tensors.Tests.Support;

/// <summary>
/// Seeded test inputs. Uses System.Random (not the engine's generator) so that the data a test
/// sees does not depend on the code under test.
/// </summary>
internal static class TestData
{
    /// <summary>Values uniform in [lo, hi).</summary>
    public static Tensor Uniform(System.Random rng, int[] shape, double lo = -1, double hi = 1)
    {
        var data = new float[ShapeMath.Numel(shape)];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(lo + (hi - lo) * rng.NextDouble());
        return Tensor.FromArray(data, shape);
    }

    /// <summary>
    /// Values uniform in [lo, hi) but at least <paramref name="margin"/> away from every point of
    /// <paramref name="kinks"/>, so finite differences never straddle a kink.
    /// </summary>
    public static Tensor AwayFrom(System.Random rng, int[] shape, double[] kinks, double margin, double lo = -1, double hi = 1)
    {
        var data = new float[ShapeMath.Numel(shape)];
        for (int i = 0; i < data.Length; i++)
        {
            double v;
            do v = lo + (hi - lo) * rng.NextDouble();
            while (kinks.Any(k => Math.Abs(v - k) < margin));
            data[i] = (float)v;
        }
        return Tensor.FromArray(data, shape);
    }

    /// <summary>
    /// Pairwise distinct values at least <paramref name="gap"/> apart, in random order: max,
    /// minimum/maximum and top-k then have a unique winner that a small perturbation cannot flip.
    /// </summary>
    public static Tensor Distinct(System.Random rng, int[] shape, double gap = 0.05)
    {
        int n = ShapeMath.Numel(shape);
        var order = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(order);
        var data = new float[n];
        double offset = -0.5 * gap * n;
        for (int i = 0; i < n; i++) data[i] = (float)(offset + gap * order[i] + 0.2 * gap * rng.NextDouble());
        return Tensor.FromArray(data, shape);
    }

    /// <summary>
    /// A stable seed from a test's parameters (string.GetHashCode is randomised per process,
    /// which would make failures unreproducible).
    /// </summary>
    public static int SeedOf(params object[] parts)
    {
        uint hash = 2166136261;
        foreach (var ch in string.Join("|", parts.Select(Describe)))
            hash = (hash ^ ch) * 16777619;
        return (int)(hash & 0x7FFFFFFF);
    }

    private static string Describe(object part) => part is int[] shape ? "[" + string.Join(",", shape) + "]" : Convert.ToString(part, System.Globalization.CultureInfo.InvariantCulture) ?? "";

    /// <summary>Integers uniform in [0, exclusiveMax).</summary>
    public static int[] Indices(System.Random rng, int count, int exclusiveMax)
        => Enumerable.Range(0, count).Select(_ => rng.Next(exclusiveMax)).ToArray();
}
