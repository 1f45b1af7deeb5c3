using Harmonia.Imaging;
using Harmonia.Imaging.Quality;

namespace Harmonia.Imaging.Tests.Quality;

/// <summary>The one MSE, fMSE and PSNR that validation and evaluation both report.</summary>
public class ImageErrorMetricsTests
{
    private const int Side = 8;

    private static Image Uniform(byte r, byte g, byte b)
    {
        var pixels = new byte[Side * Side * 3];
        for (int i = 0; i < Side * Side; i++)
        {
            pixels[3 * i] = r;
            pixels[3 * i + 1] = g;
            pixels[3 * i + 2] = b;
        }
        return new Image(Side, Side, 3, pixels);
    }

    private static float[] FirstPixels(int count) => Enumerable.Range(0, Side * Side).Select(i => i < count ? 1f : 0f).ToArray();

    [Fact]
    public void IdenticalImagesScoreZeroErrorAndTheCappedPsnr()
    {
        Image image = Uniform(20, 130, 250);
        Assert.Equal(0, ImageErrorMetrics.MeanSquaredError(image, image));
        Assert.Equal(0, ImageErrorMetrics.ForegroundMeanSquaredError(image, image, FirstPixels(5)));
        Assert.Equal(ImageErrorMetrics.MaxPsnr, ImageErrorMetrics.Psnr(0));
        Assert.Equal(100, ImageErrorMetrics.MaxPsnr);
    }

    [Fact]
    public void AMeanOverImagesWithAnExactOneStaysFinite()
    {
        double mean = (ImageErrorMetrics.Psnr(0) + ImageErrorMetrics.Psnr(100)) / 2;
        Assert.True(double.IsFinite(mean));
        Assert.Equal((100 + 10 * Math.Log10(650.25)) / 2, mean, 12);
    }

    [Fact]
    public void AKnownErrorGivesItsMseFmseAndPsnr()
    {
        // The 16 foreground pixels of 64 err by 10 levels in every channel: MSE = 100·16/64 = 25, fMSE = 100.
        Image target = Uniform(100, 100, 100);
        Image prediction = Uniform(100, 100, 100);
        for (int i = 0; i < 16 * 3; i++) prediction.Pixels[i] = 110;
        double mse = ImageErrorMetrics.MeanSquaredError(prediction, target);
        Assert.Equal(25, mse, 12);
        Assert.Equal(100, ImageErrorMetrics.ForegroundMeanSquaredError(prediction, target, FirstPixels(16)), 12);
        Assert.Equal(10 * Math.Log10(255.0 * 255.0 / 25), ImageErrorMetrics.Psnr(mse), 12);
    }

    [Fact]
    public void SoftWeightsEnterAsTheVariantSays()
    {
        Image target = Uniform(100, 100, 100), prediction = Uniform(110, 110, 110);
        float[] half = Enumerable.Repeat(0.5f, Side * Side).ToArray();
        Assert.Equal(100, ImageErrorMetrics.ForegroundMeanSquaredError(prediction, target, half), 12);
        Assert.Equal(50, ImageErrorMetrics.ForegroundMeanSquaredError(prediction, target, half, FmseVariant.SquaredMaskedError), 12);
    }

    [Fact]
    public void AnEmptyMaskHasNoFmseAndNoFpsnr()
    {
        Image target = Uniform(10, 10, 10), prediction = Uniform(30, 30, 30);
        double fmse = ImageErrorMetrics.ForegroundMeanSquaredError(prediction, target, new float[Side * Side]);
        Assert.True(double.IsNaN(fmse));
        Assert.True(double.IsNaN(ImageErrorMetrics.Psnr(fmse)));
        Assert.Equal(400, ImageErrorMetrics.MeanSquaredError(prediction, target), 12);
    }

    [Fact]
    public void ANearExactImageNeverOutscoresAnExactOne()
    {
        // One level of error in one value of a 1024×1024 RGB image: 10·log10(255²·3·2²⁰) ≈ 113 dB uncapped.
        double mse = 1.0 / (3 * 1024 * 1024);
        Assert.Equal(ImageErrorMetrics.MaxPsnr, ImageErrorMetrics.Psnr(mse));
        Assert.True(ImageErrorMetrics.Psnr(1) < ImageErrorMetrics.MaxPsnr);
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        Image image = Uniform(1, 2, 3);
        var smaller = new Image(Side, Side - 1, 3);
        Assert.Throws<ArgumentException>(() => ImageErrorMetrics.MeanSquaredError(image, smaller));
        Assert.Throws<ArgumentException>(() => ImageErrorMetrics.ForegroundMeanSquaredError(image, image, new float[Side]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageErrorMetrics.Psnr(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageErrorMetrics.Psnr(double.PositiveInfinity));
    }
}
