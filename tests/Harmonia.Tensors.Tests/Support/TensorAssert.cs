using Harmonia.Tensors;

namespace Harmonia.Tensors.Tests.Support;

/// <summary>Assertions comparing engine tensors with float64 reference values.</summary>
internal static class TensorAssert
{
    /// <summary>
    /// Asserts the shape and that every element satisfies |actual − expected| ≤ atol + rtol·|expected|,
    /// reporting the first offending element with its coordinates.
    /// </summary>
    public static void Close(ReadOnlySpan<int> expectedShapeSpan, double[] expected, Tensor actual, double atol = 1e-5, double rtol = 1e-5)
    {
        int[] expectedShape = expectedShapeSpan.ToArray();
        Assert.Equal(expectedShape, actual.Shape.ToArray());
        Assert.Equal(expected.Length, actual.Numel);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual.Data[i];
            if (double.IsNaN(e) && double.IsNaN(a)) continue;
            if (Math.Abs(a - e) > atol + rtol * Math.Abs(e))
                Assert.Fail($"Element {i} at [{string.Join(", ", Indexing.Unravel(i, expectedShape))}]: expected {e:R}, got {a:R} (shape [{string.Join(", ", expectedShape)}]).");
        }
    }

    /// <summary>Asserts two float buffers are equal bit for bit.</summary>
    public static void BitIdentical(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}: element {i} differs: {expected[i]:R} vs {actual[i]:R}.");
    }
}
