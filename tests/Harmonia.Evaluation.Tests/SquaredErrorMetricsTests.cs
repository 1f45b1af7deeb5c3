using Harmonia.Evaluation.Metrics;
using Harmonia.Imaging.Quality;
using Harmonia.Imaging;

namespace Harmonia.Evaluation.Tests;

public class SquaredErrorMetricsTests
{
    // 4x4 RGB target with distinct values; foreground is the central 2x2 block.
    private static readonly Image Target4 = SyntheticImages.FromFunction(4, 4, 3, (x, y, c) => 10 * (y * 4 + x) + 3 * c);
    private static bool IsCentre(int x, int y) => x is 1 or 2 && y is 1 or 2;
    private static readonly ForegroundMask Centre4 =
        ForegroundMask.FromBooleans(4, 4, Enumerable.Range(0, 16).Select(i => IsCentre(i % 4, i / 4)).ToArray());

    // Foreground pixels +10 in every channel; background: (0,0) channel 0 is +2, (3,3) channel 2 is +6.
    private static readonly Image Prediction4 = SyntheticImages.FromFunction(4, 4, 3, (x, y, c) =>
    {
        int t = 10 * (y * 4 + x) + 3 * c;
        if (IsCentre(x, y)) return t + 10;
        if (x == 0 && y == 0 && c == 0) return t + 2;
        if (x == 3 && y == 3 && c == 2) return t + 6;
        return t;
    });

    [Fact]
    public void MseOf4x4MatchesHandSum()
    {
        // Σe² = 4 px · 3 ch · 10² + 2² + 6² = 1240 over 48 values.
        Assert.Equal(1240.0 / 48.0, SquaredErrorMetrics.MeanSquaredError(Prediction4, Target4), 12);
    }

    [Fact]
    public void FmseOf4x4CountsOnlyTheFourForegroundPixels()
    {
        Assert.Equal(4.0, Centre4.Sum);
        // 4 px · 3 ch · 100 / (3 · 4) = 100; the background errors are ignored.
        Assert.Equal(100.0, SquaredErrorMetrics.ForegroundMeanSquaredError(Prediction4, Target4, Centre4), 12);
    }

    [Fact]
    public void Mse16x16WithKnownErrors()
    {
        Image target = SyntheticImages.FromFunction(16, 16, 3, (x, y, c) => (x * 13 + y * 7 + c * 40) % 200);
        bool inBlock(int x, int y) => x >= 4 && x < 12 && y >= 6 && y < 10; // 8x4 = 32 pixels
        Image prediction = SyntheticImages.FromFunction(16, 16, 3, (x, y, c) =>
            (x * 13 + y * 7 + c * 40) % 200 + (inBlock(x, y) ? 7 : 3));
        var mask = ForegroundMask.FromBooleans(16, 16, Enumerable.Range(0, 256).Select(i => inBlock(i % 16, i / 16)).ToArray());

        Assert.Equal(32.0, mask.Sum);
        // (224 · 9 + 32 · 49) / 256 = 14, identical in every channel.
        Assert.Equal(14.0, SquaredErrorMetrics.MeanSquaredError(prediction, target), 12);
        Assert.Equal(49.0, SquaredErrorMetrics.ForegroundMeanSquaredError(prediction, target, mask), 12);
        Assert.Equal(49.0, SquaredErrorMetrics.ForegroundMeanSquaredError(prediction, target, mask, FmseVariant.SquaredMaskedError), 12);
    }

    [Fact]
    public void SoftMaskSeparatesTheTwoFmseVariants()
    {
        // Weights 0.5 on two pixels with error 10, weight 1 on a pixel with error 4, weight 0 on a pixel with error 50.
        Image target = SyntheticImages.FromFunction(2, 2, 3, (_, _, _) => 100);
        int[] error = [10, 10, 4, 50];
        Image prediction = SyntheticImages.FromFunction(2, 2, 3, (x, y, _) => 100 + error[y * 2 + x]);
        var mask = ForegroundMask.FromWeights(2, 2, [0.5f, 0.5f, 1f, 0f]);

        // Standard: (0.5·300 + 0.5·300 + 1·48) / (3·2) = 58.
        Assert.Equal(58.0, SquaredErrorMetrics.ForegroundMeanSquaredError(prediction, target, mask), 12);
        // Masked then squared: (0.25·300 + 0.25·300 + 48) / 6 = 33.
        Assert.Equal(33.0, SquaredErrorMetrics.ForegroundMeanSquaredError(prediction, target, mask, FmseVariant.SquaredMaskedError), 12);
    }

    [Fact]
    public void EmptyMaskGivesNaNRatherThanDividingByZero()
    {
        var empty = ForegroundMask.FromBinaryPlane(4, 4, new byte[16]);
        Assert.True(double.IsNaN(SquaredErrorMetrics.ForegroundMeanSquaredError(Prediction4, Target4, empty)));
    }

    [Fact]
    public void IdenticalImagesHaveZeroError()
    {
        Assert.Equal(0.0, SquaredErrorMetrics.MeanSquaredError(Target4, Target4));
        Assert.Equal(0.0, SquaredErrorMetrics.ForegroundMeanSquaredError(Target4, Target4, Centre4));
    }

    [Fact]
    public void MismatchedShapesAreRejected()
    {
        var wider = new Image(5, 4, 3);
        var ex = Assert.Throws<ArgumentException>(() => SquaredErrorMetrics.MeanSquaredError(wider, Target4));
        Assert.Contains("5x4x3", ex.Message);
    }

    [Fact]
    public void RgbaIsRejected()
    {
        var rgba = new Image(4, 4, 4);
        var ex = Assert.Throws<ArgumentException>(() => SquaredErrorMetrics.MeanSquaredError(rgba, rgba));
        Assert.Contains("4 channels", ex.Message);
    }

    [Fact]
    public void MaskOfWrongSizeIsRejected()
    {
        var small = ForegroundMask.FromBinaryPlane(2, 2, [1, 1, 1, 1]);
        var ex = Assert.Throws<ArgumentException>(() => SquaredErrorMetrics.ForegroundMeanSquaredError(Prediction4, Target4, small));
        Assert.Contains("2x2", ex.Message);
    }
}
