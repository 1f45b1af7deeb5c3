using Harmonia.Evaluation.Metrics;
using Harmonia.Imaging;
using Harmonia.Imaging.Quality;

namespace Harmonia.Evaluation.Tests;

public class PeakSignalToNoiseRatioTests
{
    private static readonly Image TargetWithMax156 = SyntheticImages.FromFunction(4, 4, 3, (x, y, c) => 10 * (y * 4 + x) + 3 * c); // max 150 + 6 = 156

    [Theory]
    [InlineData(1.0)]
    [InlineData(25.8)]
    [InlineData(650.25)]
    public void Fixed255IsTheClosedForm(double mse)
    {
        double expected = 10 * Math.Log10(255.0 * 255.0 / mse);
        Assert.Equal(expected, PeakSignalToNoiseRatio.FromMeanSquaredError(mse, null), 12);
    }

    [Fact]
    public void Fixed255OfMse65025IsZeroDecibels() =>
        Assert.Equal(0.0, PeakSignalToNoiseRatio.FromMeanSquaredError(65025.0, null), 12);

    [Fact]
    public void TargetMaximumUsesTheTargetPeakAndEpsilon()
    {
        const double mse = 12.5;
        double expected = 10 * Math.Log10(156.0 * 156.0 / (mse + 1e-6));
        Assert.Equal(expected, PeakSignalToNoiseRatio.FromMeanSquaredError(mse, TargetWithMax156, PsnrPeak.TargetMaximum), 12);
    }

    [Fact]
    public void UnitRangeEqualsFixed255UpToRounding()
    {
        foreach (double mse in new[] { 0.001, 3.0, 97.5, 4000.0 })
            Assert.Equal(
                PeakSignalToNoiseRatio.FromMeanSquaredError(mse, null, PsnrPeak.Fixed255),
                PeakSignalToNoiseRatio.FromMeanSquaredError(mse, null, PsnrPeak.UnitRange), 10);
    }

    [Fact]
    public void ZeroMseIsTheCapForFixedPeaks()
    {
        Assert.Equal(ImageErrorMetrics.MaxPsnr, PeakSignalToNoiseRatio.FromMeanSquaredError(0, null, PsnrPeak.Fixed255));
        Assert.Equal(ImageErrorMetrics.MaxPsnr, PeakSignalToNoiseRatio.FromMeanSquaredError(0, null, PsnrPeak.UnitRange));
    }

    [Fact]
    public void FixedPeaksNeverScoreAboveTheCap()
    {
        // 255²·10⁻¹¹ is ten times below the MSE of 100 dB: 110 dB uncapped.
        const double tiny = 255.0 * 255.0 * 1e-11;
        Assert.Equal(ImageErrorMetrics.MaxPsnr, PeakSignalToNoiseRatio.FromMeanSquaredError(tiny, null, PsnrPeak.Fixed255));
        Assert.Equal(ImageErrorMetrics.MaxPsnr, PeakSignalToNoiseRatio.FromMeanSquaredError(tiny, null, PsnrPeak.UnitRange));
    }

    [Fact]
    public void ZeroMseIsFiniteUnderTargetMaximumBecauseOfTheEpsilon()
    {
        double psnr = PeakSignalToNoiseRatio.FromMeanSquaredError(0, TargetWithMax156, PsnrPeak.TargetMaximum);
        Assert.Equal(10 * Math.Log10(156.0 * 156.0 / 1e-6), psnr, 10);
    }

    [Fact]
    public void BlackTargetUnderTargetMaximumIsNegativeInfinity()
    {
        var black = new Image(4, 4, 3);
        Assert.Equal(double.NegativeInfinity, PeakSignalToNoiseRatio.FromMeanSquaredError(3.0, black, PsnrPeak.TargetMaximum));
    }

    [Fact]
    public void NaNMseGivesNaN() =>
        Assert.True(double.IsNaN(PeakSignalToNoiseRatio.FromMeanSquaredError(double.NaN, null)));

    [Fact]
    public void NegativeMseIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PeakSignalToNoiseRatio.FromMeanSquaredError(-1, null));

    [Fact]
    public void TargetMaximumWithoutTargetIsRejected()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => PeakSignalToNoiseRatio.FromMeanSquaredError(1, null, PsnrPeak.TargetMaximum));
        Assert.Contains("TargetMaximum", ex.Message);
    }
}
