using Harmonia.Evaluation.Metrics;
using Harmonia.Imaging.Quality;
using Harmonia.Imaging;

namespace Harmonia.Evaluation.Tests;

public class HarmonizationMetricsTests
{
    [Fact]
    public void EvaluateCombinesTheIndividualMetrics()
    {
        Image target = SyntheticImages.Noise(16, 16, 3, seed: 5, low: 30, high: 220);
        Image prediction = SyntheticImages.FromFunction(16, 16, 3, (x, y, c) =>
            target.Pixels[(y * 16 + x) * 3 + c] + (x < 4 ? 9 : 0));
        var mask = ForegroundMask.FromBooleans(16, 16, Enumerable.Range(0, 256).Select(i => i % 16 < 8).ToArray());

        ImageScores scores = HarmonizationMetrics.Evaluate(prediction, target, mask);

        // Columns 0..3 (64 px) err by 9 in every channel: MSE = 64·81/256, fMSE over the 128 foreground px = 64·81/128.
        Assert.Equal(0.5, scores.ForegroundRatio);
        Assert.Equal(64 * 81 / 256.0, scores.Mse, 12);
        Assert.Equal(64 * 81 / 128.0, scores.Fmse, 12);
        Assert.Equal(10 * Math.Log10(65025 / scores.Mse), scores.Psnr, 12);
        Assert.Equal(10 * Math.Log10(65025 / scores.Fmse), scores.Fpsnr, 12);
        Assert.Equal(StructuralSimilarity.Compute(prediction, target), scores.Ssim);
        Assert.True(scores.HasForeground);
    }

    [Fact]
    public void PerfectPredictionHasTheCappedPsnrAndUnitSsim()
    {
        Image target = SyntheticImages.Noise(12, 12, 3, seed: 9);
        var mask = ForegroundMask.FromBinaryPlane(12, 12, Enumerable.Repeat((byte)1, 144).ToArray());
        ImageScores scores = HarmonizationMetrics.Evaluate(target, target, mask);
        Assert.Equal(0.0, scores.Mse);
        Assert.Equal(ImageErrorMetrics.MaxPsnr, scores.Psnr);
        Assert.Equal(ImageErrorMetrics.MaxPsnr, scores.Fpsnr);
        Assert.Equal(1.0, scores.Ssim, 14);
    }

    [Fact]
    public void EmptyMaskFlagsAndLeavesForegroundMetricsNaN()
    {
        Image target = SyntheticImages.Noise(12, 12, 3, seed: 4);
        Image prediction = SyntheticImages.Noise(12, 12, 3, seed: 8);
        ImageScores scores = HarmonizationMetrics.Evaluate(prediction, target, ForegroundMask.FromBinaryPlane(12, 12, new byte[144]));
        Assert.False(scores.HasForeground);
        Assert.True(double.IsNaN(scores.Fmse));
        Assert.True(double.IsNaN(scores.Fpsnr));
        Assert.False(double.IsNaN(scores.Mse));
    }

    [Fact]
    public void OptionsSelectTheFmseVariant()
    {
        Image target = SyntheticImages.FromFunction(12, 12, 3, (_, _, _) => 100);
        Image prediction = SyntheticImages.FromFunction(12, 12, 3, (_, _, _) => 110);
        var half = ForegroundMask.FromWeights(12, 12, Enumerable.Repeat(0.5f, 144).ToArray());

        Assert.Equal(100.0, HarmonizationMetrics.Evaluate(prediction, target, half).Fmse, 12);
        // (0.5·10)² summed over 144·3 values / (3 · 72) = 25·432/216 = 50.
        Assert.Equal(50.0, HarmonizationMetrics.Evaluate(prediction, target, half, new MetricOptions(Fmse: FmseVariant.SquaredMaskedError)).Fmse, 12);
    }

    [Fact]
    public void DefaultConventionsAreDescribed()
    {
        string text = MetricOptions.Default.Describe();
        Assert.Contains("Σ M·e² / (C·ΣM)", text);
        Assert.Contains("peak 255", text);
        Assert.Contains("11×11 Gaussian σ=1.5", text);
    }
}
