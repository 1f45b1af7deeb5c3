using Harmonia.Evaluation.Reports;

namespace Harmonia.Evaluation.Tests;

public class EvaluationAggregatorTests
{
    private static ImageRecord Record(string subset, string name, double ratio, double mse, double fmse = 1, double psnr = 30, double fpsnr = 25, double ssim = 0.9) =>
        new(subset, name, ratio, mse, fmse, psnr, fpsnr, ssim);

    [Fact]
    public void AllIsTheMeanOverImagesNotTheMeanOfSubsets()
    {
        ImageRecord[] records =
        [
            Record("HFlickr", "a", 0.1, mse: 10, psnr: 20),
            Record("HCOCO", "b", 0.1, mse: 2, psnr: 40),
            Record("HCOCO", "c", 0.1, mse: 2, psnr: 40),
            Record("HCOCO", "d", 0.1, mse: 2, psnr: 40),
        ];
        EvaluationSummary summary = EvaluationAggregator.Summarize(records);

        Assert.Equal(["HFlickr", "HCOCO"], summary.Subsets.Select(s => s.Subset));
        Assert.Equal(10.0, summary.Subsets[0].Metrics.Mse);
        Assert.Equal(2.0, summary.Subsets[1].Metrics.Mse);
        Assert.Equal(4, summary.All.Count);
        Assert.Equal(4.0, summary.All.Mse);   // (10 + 3·2) / 4
        Assert.Equal(35.0, summary.All.Psnr); // (20 + 3·40) / 4
        double meanOfSubsets = summary.Subsets.Average(s => s.Metrics.Mse);
        Assert.Equal(6.0, meanOfSubsets);
        Assert.NotEqual(meanOfSubsets, summary.All.Mse);
    }

    [Fact]
    public void BucketsFollowHalfOpenRangesAndCount()
    {
        ImageRecord[] records =
        [
            Record("S", "tiny", 0.01, mse: 1, fmse: 100),
            Record("S", "exactly5", 0.05, mse: 3, fmse: 300),
            Record("S", "just-over-5", 0.05000001, mse: 5, fmse: 500),
            Record("S", "exactly15", 0.15, mse: 7, fmse: 700),
            Record("S", "over15", 0.150001, mse: 9, fmse: 900),
            Record("S", "full", 1.0, mse: 11, fmse: 1100),
        ];
        EvaluationSummary summary = EvaluationAggregator.Summarize(records);

        Assert.Equal(["0-5%", "5-15%", "15-100%"], summary.Buckets.Select(b => b.Label));
        Assert.Equal([2, 2, 2], summary.Buckets.Select(b => b.Metrics.Count));
        Assert.Equal([2.0, 6.0, 10.0], summary.Buckets.Select(b => b.Metrics.Mse));
        Assert.Equal([200.0, 600.0, 1000.0], summary.Buckets.Select(b => b.Metrics.Fmse));
    }

    [Fact]
    public void ImagesWithoutForegroundSkipFmseMeansAndBuckets()
    {
        ImageRecord[] records =
        [
            Record("S", "normal", 0.3, mse: 4, fmse: 40, fpsnr: 20),
            new("S", "empty-mask", 0.0, 8, double.NaN, 30, double.NaN, 0.8),
        ];
        EvaluationSummary summary = EvaluationAggregator.Summarize(records);

        Assert.Equal(2, summary.All.Count);
        Assert.Equal(1, summary.All.WithoutForegroundCount);
        Assert.Equal(6.0, summary.All.Mse);
        Assert.Equal(40.0, summary.All.Fmse);
        Assert.Equal(20.0, summary.All.Fpsnr);
        Assert.Equal(1, summary.Buckets.Sum(b => b.Metrics.Count));
    }

    [Fact]
    public void EmptyBucketHasCountZeroAndNaNMeans()
    {
        EvaluationSummary summary = EvaluationAggregator.Summarize([Record("S", "a", 0.5, mse: 1)]);
        MetricSummary small = summary.Buckets[0].Metrics;
        Assert.Equal(0, small.Count);
        Assert.True(double.IsNaN(small.Mse));
        Assert.True(double.IsNaN(small.Fmse));
    }

    [Fact]
    public void InfinitePsnrPropagatesToTheMean()
    {
        EvaluationSummary summary = EvaluationAggregator.Summarize(
            [Record("S", "perfect", 0.5, mse: 0, psnr: double.PositiveInfinity), Record("S", "b", 0.5, mse: 1, psnr: 30)]);
        Assert.Equal(double.PositiveInfinity, summary.All.Psnr);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void RatioOutsideUnitIntervalIsRejectedNamingTheImage(double ratio)
    {
        var ex = Assert.Throws<ArgumentException>(() => EvaluationAggregator.Summarize([Record("S", "bad.jpg", ratio, mse: 1)]));
        Assert.Contains("bad.jpg", ex.Message);
    }

    [Fact]
    public void EmptySubsetNameIsRejected() =>
        Assert.Throws<ArgumentException>(() => EvaluationAggregator.Summarize([Record("", "x", 0.2, mse: 1)]));
}
