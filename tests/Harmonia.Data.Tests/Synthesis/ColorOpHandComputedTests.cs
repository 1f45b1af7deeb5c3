using Harmonia.Data.Synthesis;
using Harmonia.Imaging;

namespace Harmonia.Data.Tests.Synthesis;

/// <summary>The colour ops on one- to nine-pixel images whose results are worked out by hand.</summary>
public class ColorOpHandComputedTests
{
    private static Image Pixels(int width, int height, params byte[] rgb) => new(width, height, 3, rgb);

    [Fact]
    public void Brightness_scales_and_truncates()
    {
        // 0.5·201 = 100.5 → 100; 0.5·3 = 1.5 → 1. 1.5·200 = 300 → 255.
        Assert.Equal(new byte[] { 100, 50, 1 }, ColorAdjustments.AdjustBrightness(Pixels(1, 1, 201, 100, 3), 0.5).Pixels);
        Assert.Equal(new byte[] { 255, 15, 0 }, ColorAdjustments.AdjustBrightness(Pixels(1, 1, 200, 10, 0), 1.5).Pixels);
    }

    [Fact]
    public void Greyscale_uses_torchvision_weights_and_truncates()
    {
        Assert.Equal(76, ColorAdjustments.Greyscale(255, 0, 0));   // 0.2989·255 = 76.22
        Assert.Equal(99, ColorAdjustments.Greyscale(100, 100, 100)); // the weights sum to 0.9999: 99.99 → 99
        Assert.Equal(254, ColorAdjustments.Greyscale(255, 255, 255));
    }

    [Fact]
    public void Saturation_blends_with_greyscale()
    {
        Assert.Equal(new byte[] { 76, 76, 76 }, ColorAdjustments.AdjustSaturation(Pixels(1, 1, 255, 0, 0), 0).Pixels);
        // Factor 2 on grey 100: 2·100 − 99 = 101 (torchvision's greyscale is one level low here).
        Assert.Equal(new byte[] { 101, 101, 101 }, ColorAdjustments.AdjustSaturation(Pixels(1, 1, 100, 100, 100), 2).Pixels);
    }

    [Fact]
    public void Contrast_blends_with_the_mean_greyscale_of_the_image_or_region()
    {
        var image = Pixels(2, 1, 0, 0, 0, 255, 255, 255); // greys 0 and 254, mean 127
        Assert.Equal(new byte[] { 127, 127, 127, 127, 127, 127 }, ColorAdjustments.AdjustContrast(image, 0).Pixels);
        var firstPixelOnly = new Mask(2, 1, [1f, 0f]); // mean 0: factor 0.5 halves everything
        Assert.Equal(new byte[] { 0, 0, 0, 127, 127, 127 }, ColorAdjustments.AdjustContrast(image, 0.5, firstPixelOnly).Pixels);
        Assert.Throws<ArgumentException>(() => ColorAdjustments.AdjustContrast(image, 0.5, new Mask(2, 1, [0f, 0f])));
    }

    [Fact]
    public void Hue_rotates_red_to_cyan_and_leaves_greys_alone()
    {
        Assert.Equal(new byte[] { 0, 255, 255 }, HueAdjustment.AdjustHue(Pixels(1, 1, 255, 0, 0), 0.5).Pixels);
        Assert.Equal(new byte[] { 128, 128, 128 }, HueAdjustment.AdjustHue(Pixels(1, 1, 128, 128, 128), 0.3).Pixels);
        // A third of a turn takes red to green.
        Assert.Equal(new byte[] { 0, 255, 0 }, HueAdjustment.AdjustHue(Pixels(1, 1, 255, 0, 0), 1.0 / 3.0).Pixels);
        Assert.Throws<ArgumentOutOfRangeException>(() => HueAdjustment.AdjustHue(Pixels(1, 1, 1, 2, 3), 0.6));
    }

    [Fact]
    public void Posterize_keeps_the_top_bits()
    {
        Assert.Equal(new byte[] { 252, 0, 128 }, ToneAdjustments.Posterize(Pixels(1, 1, 255, 3, 130), 6).Pixels);
        Assert.Equal(new byte[] { 224, 0, 128 }, ToneAdjustments.Posterize(Pixels(1, 1, 255, 3, 130), 3).Pixels);
    }

    [Fact]
    public void Sharpness_blends_with_the_smoothed_interior_and_keeps_the_border()
    {
        // 3×3 black image with a centre of 130 in every channel. Smoothed centre: 130·5/13 = 50.
        var pixels = new byte[27];
        pixels[12] = pixels[13] = pixels[14] = 130;
        var image = new Image(3, 3, 3, pixels);
        Assert.Equal(50, ToneAdjustments.AdjustSharpness(image, 0).Pixels[12]);
        Assert.Equal(210, ToneAdjustments.AdjustSharpness(image, 2).Pixels[12]);   // 2·130 − 50
        Assert.Equal(255, ToneAdjustments.AdjustSharpness(image, 4).Pixels[12]);   // 4·130 − 3·50 = 370 → 255
        Assert.All(ToneAdjustments.AdjustSharpness(image, 0).Pixels.Where((_, i) => i / 3 != 4), v => Assert.Equal(0, v));
        // Too small to have an interior: unchanged.
        Assert.Equal(new byte[] { 9, 8, 7, 6, 5, 4 }, ToneAdjustments.AdjustSharpness(Pixels(2, 1, 9, 8, 7, 6, 5, 4), 4).Pixels);
    }

    [Fact]
    public void Autocontrast_stretches_each_channel_and_leaves_flat_channels()
    {
        // Red spans 50..150: 100 → (100−50)·255/100 = 127.5 → 127. Green is flat (7), so unchanged.
        var image = Pixels(3, 1, 50, 7, 0, 100, 7, 10, 150, 7, 20);
        Assert.Equal(new byte[] { 0, 7, 0, 127, 7, 127, 255, 7, 255 }, ToneAdjustments.Autocontrast(image).Pixels);
        // With the statistics of the first two pixels only, the third red overflows and clamps.
        var region = new Mask(3, 1, [1f, 1f, 0f]);
        Assert.Equal(new byte[] { 0, 7, 0, 255, 7, 255, 255, 7, 255 }, ToneAdjustments.Autocontrast(image, region).Pixels);
    }
}
