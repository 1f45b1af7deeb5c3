using Harmonia.Evaluation.Metrics;

namespace Harmonia.Evaluation.Tests;

public class ForegroundMaskTests
{
    [Fact]
    public void BinaryPlaneTreatsAnyNonZeroByteAsForeground()
    {
        var mask = ForegroundMask.FromBinaryPlane(2, 2, [0, 1, 255, 0]);
        Assert.Equal([0f, 1f, 1f, 0f], mask.Weights.ToArray());
        Assert.Equal(2.0, mask.Sum);
        Assert.Equal(0.5, mask.ForegroundRatio);
        Assert.True(mask.IsBinary);
        Assert.True(mask.HasForeground);
    }

    [Fact]
    public void SoftWeightsAreKeptAndMarkedNonBinary()
    {
        var mask = ForegroundMask.FromWeights(2, 1, [0.25f, 1f]);
        Assert.Equal(1.25, mask.Sum);
        Assert.Equal(0.625, mask.ForegroundRatio);
        Assert.False(mask.IsBinary);
    }

    [Fact]
    public void WeightsAreCopiedSoLaterChangesDoNotLeakIn()
    {
        float[] weights = [1f, 0f];
        var mask = ForegroundMask.FromWeights(2, 1, weights);
        weights[1] = 1f;
        Assert.Equal(1.0, mask.Sum);
        Assert.Equal(0f, mask.Weights[1]);
    }

    [Fact]
    public void EmptyMaskHasNoForeground()
    {
        var mask = ForegroundMask.FromBooleans(3, 2, new bool[6]);
        Assert.False(mask.HasForeground);
        Assert.Equal(0.0, mask.ForegroundRatio);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(-0.01f)]
    [InlineData(1.5f)]
    [InlineData(float.PositiveInfinity)]
    public void WeightOutsideUnitIntervalIsRejectedWithItsPosition(float bad)
    {
        var ex = Assert.Throws<ArgumentException>(() => ForegroundMask.FromWeights(2, 2, [0f, 0f, 0f, bad]));
        Assert.Contains("(1, 1)", ex.Message);
    }

    [Fact]
    public void WrongPlaneLengthIsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => ForegroundMask.FromBinaryPlane(3, 3, new byte[8]));
        Assert.Contains("Expected 9", ex.Message);
    }

    [Fact]
    public void NonPositiveSizeIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ForegroundMask.FromBinaryPlane(0, 3, []));
}
