using Harmonia.Imaging;

namespace Harmonia.Data.Synthesis;

/// <summary>
/// Brightness, contrast and saturation as torchvision's functional ops compute them on uint8
/// RGB tensors: each blends the image with a "degenerate" image, <c>ratio·image + (1−ratio)·other</c>
/// in float32, clamped to [0, 255] and truncated to an integer. Brightness blends with black,
/// saturation with the image's greyscale, contrast with the mean of that greyscale. Greyscale is
/// torchvision's <c>0.2989 R + 0.587 G + 0.114 B</c>, truncated to uint8.
/// </summary>
public static class ColorAdjustments
{
    /// <summary>torchvision's <c>adjust_brightness</c>: 0 gives black, 1 the original.</summary>
    public static Image AdjustBrightness(Image image, double factor)
    {
        CheckRgb(image);
        return BlendWithConstant(image, (float)factor, (float)(1.0 - factor), 0f);
    }

    /// <summary>
    /// torchvision's <c>adjust_contrast</c>: 0 gives a uniform grey at the mean greyscale level,
    /// 1 the original. With <paramref name="statisticsRegion"/> the mean is taken over that
    /// region's pixels only (the whole image still changes).
    /// </summary>
    public static Image AdjustContrast(Image image, double factor, Mask? statisticsRegion = null)
    {
        CheckRgb(image);
        float mean = MeanGreyscale(image, statisticsRegion);
        return BlendWithConstant(image, (float)factor, (float)(1.0 - factor), mean);
    }

    /// <summary>torchvision's <c>adjust_saturation</c>: 0 gives the greyscale image, 1 the original, 2 doubles saturation.</summary>
    public static Image AdjustSaturation(Image image, double factor)
    {
        CheckRgb(image);
        float ratio = (float)factor, rest = (float)(1.0 - factor);
        byte[] source = image.Pixels;
        var result = new byte[source.Length];
        for (int i = 0; i < source.Length; i += 3)
        {
            float grey = Greyscale(source[i], source[i + 1], source[i + 2]);
            result[i] = Blend(ratio, source[i], rest, grey);
            result[i + 1] = Blend(ratio, source[i + 1], rest, grey);
            result[i + 2] = Blend(ratio, source[i + 2], rest, grey);
        }
        return new Image(image.Width, image.Height, 3, result);
    }

    /// <summary>torchvision's uint8 greyscale of one pixel: <c>0.2989 R + 0.587 G + 0.114 B</c> in float32, truncated.</summary>
    public static byte Greyscale(byte r, byte g, byte b) => (byte)(0.2989f * r + 0.587f * g + 0.114f * b);

    /// <summary>
    /// torchvision's uint8 blend of two values: <c>ratio·a + rest·b</c> in float32 (rest being
    /// <c>1 − ratio</c> as computed in double and rounded to float), clamped and truncated.
    /// </summary>
    internal static byte Blend(float ratio, float a, float rest, float b)
    {
        float value = ratio * a + rest * b;
        if (!(value > 0f)) return 0;
        return value >= 255f ? (byte)255 : (byte)value;
    }

    internal static void CheckRgb(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels != 3) throw new ArgumentException($"Colour adjustments need an RGB image, got {image.Channels} channel(s).", nameof(image));
    }

    internal static void CheckRegion(Image image, Mask? region)
    {
        if (region is not null && (region.Width != image.Width || region.Height != image.Height))
            throw new ArgumentException($"Region is {region.Width}x{region.Height} but the image is {image.Width}x{image.Height}.", nameof(region));
    }

    private static Image BlendWithConstant(Image image, float ratio, float rest, float constant)
    {
        byte[] source = image.Pixels;
        var result = new byte[source.Length];
        for (int i = 0; i < source.Length; i++) result[i] = Blend(ratio, source[i], rest, constant);
        return new Image(image.Width, image.Height, 3, result);
    }

    private static float MeanGreyscale(Image image, Mask? region)
    {
        CheckRegion(image, region);
        byte[] source = image.Pixels;
        long sum = 0, count = 0;
        for (int p = 0; p < image.Width * image.Height; p++)
        {
            if (region is not null && region.Values[p] == 0f) continue;
            sum += Greyscale(source[3 * p], source[3 * p + 1], source[3 * p + 2]);
            count++;
        }
        if (count == 0) throw new ArgumentException("The statistics region is empty.", nameof(region));
        // The greyscale values are integers, so the sum is exact; one float32 division, as torch's mean does.
        return (float)sum / count;
    }
}
