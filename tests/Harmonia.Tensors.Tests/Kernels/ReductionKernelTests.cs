using Harmonia.Tensors.Kernels;
using Harmonia.Tensors.Kernels.Reference;

namespace Harmonia.Tensors.Tests.Kernels;

/// <summary>The fast row reductions held to <see cref="ReductionReference"/>, the plain float64 version in src.</summary>
public class ReductionKernelTests
{
    // Rows of 1 (no vector step), 7 (a tail only), 8 (one step, no tail) and 1003 (many steps and a tail).
    public static TheoryData<int> Lengths => new() { 1, 7, 8, 1003 };

    private static void Close(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(actual[i] - expected[i]) <= 1e-6 * (1 + Math.Abs(expected[i]))))
                Assert.Fail($"{what}: row {i} is {actual[i]} but the reference is {expected[i]}.");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SumAndMeanVarMatchTheReference(int length)
    {
        const int rows = 5;
        var x = TestArrays.Random(rows * length, length).Select(v => 2 + v).ToArray();
        var sums = new float[rows];
        ReductionKernels.Sum(x, rows, length, sums);
        Close(ReductionReference.Sum(x, rows, length), sums, "sum");

        foreach (int correction in new[] { 0, 1 })
        {
            if (length - correction <= 0) continue;
            var mean = new float[rows];
            var variance = new float[rows];
            ReductionKernels.MeanVar(x, rows, length, correction, mean, variance);
            var expected = ReductionReference.MeanVar(x, rows, length, correction);
            Close(expected.Mean, mean, "mean");
            Close(expected.Variance, variance, $"variance (correction {correction})");
        }
    }

    [Fact]
    public void MaxMatchesTheReferenceWithTiesAndNaN()
    {
        const int length = 11;
        var x = TestArrays.Random(4 * length, 9);
        x[0 * length + 3] = 5f; x[0 * length + 8] = 5f;          // a tie: the first occurrence wins
        x[1 * length + 2] = float.NaN; x[1 * length + 6] = 9f;   // NaN wins over anything after it
        x[2 * length + 10] = float.NaN;                          // a NaN at the end still wins
        var max = new float[4];
        var argmax = new int[4];
        ReductionKernels.Max(x, 4, length, max, argmax);
        var expected = ReductionReference.Max(x, 4, length);
        Assert.Equal(expected.ArgMax, argmax);
        Assert.Equal(expected.Max, max);
        Assert.Equal([3, 2, 10], argmax[..3]);
    }
}
