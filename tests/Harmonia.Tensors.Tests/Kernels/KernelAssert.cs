namespace Harmonia.Tensors.Tests.Kernels;

/// <summary>Compares float32 kernel results with float64 references.</summary>
internal static class KernelAssert
{
    /// <summary>
    /// Float32 sums drift from the float64 reference by a few ulps of the sum of absolute terms
    /// (growing with the term count); a wrong index shifts a result by a whole term, orders of
    /// magnitude more.
    /// </summary>
    public const double RelativeTolerance = 2e-6;

    /// <summary>
    /// Asserts |actual − expected| ≤ RelativeTolerance · √terms · magnitude + 1e-6 element by element,
    /// where magnitude is the sum of the absolute values of the terms that make the element.
    /// </summary>
    public static void Close(double[] expected, double[] magnitude, float[] actual, int terms, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = RelativeTolerance * Math.Sqrt(Math.Max(terms, 1));
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = scale * magnitude[i] + 1e-6;
            double error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= tolerance))
                Assert.Fail($"{what}: element {i} is {actual[i]} but the reference is {expected[i]} (error {error:G3}, tolerance {tolerance:G3}).");
        }
    }

    /// <summary>Asserts two arrays are equal bit for bit.</summary>
    public static void BitIdentical(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}: element {i} differs ({expected[i]:R} vs {actual[i]:R}).");
        }
    }
}
