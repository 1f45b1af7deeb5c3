using Harmonia.Evaluation.Metrics;
using Harmonia.Evaluation.Reports;

namespace Harmonia.Evaluation.Tests;

public class ForegroundRatioBucketTests
{
    [Theory]
    [InlineData(1e-9, ForegroundRatioBucket.UpTo5Percent)]
    [InlineData(0.05, ForegroundRatioBucket.UpTo5Percent)]
    [InlineData(0.0500000001, ForegroundRatioBucket.From5To15Percent)]
    [InlineData(0.15, ForegroundRatioBucket.From5To15Percent)]
    [InlineData(0.1500000001, ForegroundRatioBucket.From15To100Percent)]
    [InlineData(1.0, ForegroundRatioBucket.From15To100Percent)]
    public void RatiosLandInTheirBucket(double ratio, ForegroundRatioBucket expected) =>
        Assert.Equal(expected, ForegroundRatioBuckets.Classify(ratio));

    [Fact]
    public void ZeroRatioBelongsToNoBucket() => Assert.Null(ForegroundRatioBuckets.Classify(0));

    [Fact]
    public void MaskWithExactlyFivePercentForegroundGoesToTheFirstBucket()
    {
        // 5 of 100 pixels and 60 of 400 pixels: boundaries reached exactly through the mask's own ratio.
        var five = ForegroundMask.FromBinaryPlane(10, 10, Enumerable.Range(0, 100).Select(i => (byte)(i < 5 ? 1 : 0)).ToArray());
        var fifteen = ForegroundMask.FromBinaryPlane(20, 20, Enumerable.Range(0, 400).Select(i => (byte)(i < 60 ? 1 : 0)).ToArray());
        Assert.Equal(ForegroundRatioBucket.UpTo5Percent, ForegroundRatioBuckets.Classify(five.ForegroundRatio));
        Assert.Equal(ForegroundRatioBucket.From5To15Percent, ForegroundRatioBuckets.Classify(fifteen.ForegroundRatio));
    }

    [Fact]
    public void InvalidRatioIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ForegroundRatioBuckets.Classify(double.NaN));
}
