using Harmonia.Tensors.Kernels;
using Harmonia.Tensors.Kernels.Reference;

namespace Harmonia.Tensors.Tests.Kernels;

/// <summary>The fast normalization kernels held to <see cref="NormalizationReference"/>, the plain float64 version in src.</summary>
public class NormalizationKernelTests
{
    // Planes of 37 values leave a tail after the 8-wide vectors; values centred away from 0 make a
    // wrong mean or a mixed-up group show at once.
    private static float[] Input(int length, int seed) => TestArrays.Random(length, seed).Select(v => 3 + 2 * v).ToArray();

    private static void Close(double[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(actual[i] - expected[i]) <= tolerance * (1 + Math.Abs(expected[i]))))
                Assert.Fail($"{what}: element {i} is {actual[i]} but the reference is {expected[i]}.");
    }

    [Theory]
    [InlineData(false)] // instance norm: a group is one plane
    [InlineData(true)]  // batch norm: a group is a channel across the batch
    public void StatisticsAndNormalizeMatchTheReference(bool perChannelAcrossBatch)
    {
        var groups = new NormGroups(Batch: 3, Channels: 4, PlaneSize: 37, perChannelAcrossBatch);
        var x = Input(3 * 4 * 37, 1);
        var mean = new float[groups.Count];
        var variance = new float[groups.Count];
        NormalizationKernels.GroupStatistics(x, groups, mean, variance);
        var (expectedMean, expectedVariance) = NormalizationReference.GroupStatistics(x, groups);
        Close(expectedMean, mean, 1e-6, "mean");
        Close(expectedVariance, variance, 1e-6, "variance");

        var invStd = variance.Select(v => 1f / MathF.Sqrt(v + 1e-5f)).ToArray();
        var scale = TestArrays.Random(4, 2);
        var shift = TestArrays.Random(4, 3);
        var y = new float[x.Length];
        NormalizationKernels.Normalize(x, groups, mean, invStd, scale, shift, y);
        Close(NormalizationReference.Normalize(x, groups, mean, invStd, scale, shift), y, 1e-5, "normalized");
        NormalizationKernels.Normalize(x, groups, mean, invStd, null, null, y);
        Close(NormalizationReference.Normalize(x, groups, mean, invStd, null, null), y, 1e-5, "normalized without affine");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BackwardWithBatchStatisticsMatchesTheReference(bool perChannelAcrossBatch)
    {
        var groups = new NormGroups(Batch: 2, Channels: 3, PlaneSize: 37, perChannelAcrossBatch);
        var x = Input(2 * 3 * 37, 4);
        var gy = TestArrays.Random(x.Length, 5);
        var mean = new float[groups.Count];
        var variance = new float[groups.Count];
        NormalizationKernels.GroupStatistics(x, groups, mean, variance);
        var invStd = variance.Select(v => 1f / MathF.Sqrt(v + 1e-5f)).ToArray();
        var scale = TestArrays.Random(3, 6);

        var gx = new float[x.Length];
        var sumGyXhat = new float[groups.Count];
        var sumGy = new float[groups.Count];
        NormalizationKernels.BackwardWithBatchStatistics(x, gy, groups, mean, invStd, scale, gx, sumGyXhat, sumGy);
        var expected = NormalizationReference.BackwardWithBatchStatistics(x, gy, groups, mean, invStd, scale);
        Close(expected.InputGradient, gx, 1e-5, "input gradient");
        Close(expected.SumGyXhat, sumGyXhat, 1e-5, "Σ gy·x̂");
        Close(expected.SumGy, sumGy, 1e-5, "Σ gy");
    }

    [Fact]
    public void TheComparisonCanFail_AShiftedGroupIsCaught()
    {
        var groups = new NormGroups(Batch: 2, Channels: 2, PlaneSize: 37, PerChannelAcrossBatch: false);
        var x = Input(2 * 2 * 37, 7);
        var (mean, _) = NormalizationReference.GroupStatistics(x, groups);
        var wrong = mean.Select(m => (float)m).Reverse().ToArray();
        Assert.ThrowsAny<Exception>(() => Close(mean, wrong, 1e-6, "mean"));
    }
}
