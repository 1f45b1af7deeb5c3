using Harmonia.Imaging;

namespace Harmonia.Data.Synthesis;

/// <summary>
/// Posterize, sharpness and autocontrast as torchvision's functional ops compute them on uint8
/// RGB tensors.
/// </summary>
public static class ToneAdjustments
{
    // torchvision's smoothing kernel [[1,1,1],[1,5,1],[1,1,1]] / 13, normalized in float32.
    private static readonly float EdgeWeight = 1f / 13f, CentreWeight = 5f / 13f;

    /// <summary>torchvision's <c>posterize</c>: keeps the top <paramref name="bits"/> bits of every channel.</summary>
    public static Image Posterize(Image image, int bits)
    {
        ColorAdjustments.CheckRgb(image);
        if (bits is < 0 or > 8) throw new ArgumentOutOfRangeException(nameof(bits), bits, "Posterize keeps 0 to 8 bits.");
        byte keep = (byte)(0xFF << (8 - bits));
        byte[] source = image.Pixels;
        var result = new byte[source.Length];
        for (int i = 0; i < source.Length; i++) result[i] = (byte)(source[i] & keep);
        return new Image(image.Width, image.Height, 3, result);
    }

    /// <summary>
    /// torchvision's <c>adjust_sharpness</c>: blends the image with a smoothed copy (interior
    /// pixels filtered by the 3×3 kernel [[1,1,1],[1,5,1],[1,1,1]]/13 and rounded half to even,
    /// border pixels kept): 0 gives the smoothed image, 1 the original, 2 and more sharpen.
    /// Images 2 pixels wide or high or smaller are returned unchanged.
    /// </summary>
    public static Image AdjustSharpness(Image image, double factor)
    {
        ColorAdjustments.CheckRgb(image);
        int width = image.Width, height = image.Height;
        byte[] source = image.Pixels;
        if (width <= 2 || height <= 2) return new Image(width, height, 3, (byte[])source.Clone());

        var smoothed = (byte[])source.Clone();
        int stride = width * 3;
        for (int y = 1; y < height - 1; y++)
            for (int i = y * stride + 3; i < (y + 1) * stride - 3; i++)
            {
                // Row by row, left to right, like the kernel's own layout; float32 throughout.
                int above = i - stride, below = i + stride;
                float sum = EdgeWeight * source[above - 3];
                sum += EdgeWeight * source[above];
                sum += EdgeWeight * source[above + 3];
                sum += EdgeWeight * source[i - 3];
                sum += CentreWeight * source[i];
                sum += EdgeWeight * source[i + 3];
                sum += EdgeWeight * source[below - 3];
                sum += EdgeWeight * source[below];
                sum += EdgeWeight * source[below + 3];
                smoothed[i] = (byte)Math.Clamp(MathF.Round(sum, MidpointRounding.ToEven), 0f, 255f);
            }

        float ratio = (float)factor, rest = (float)(1.0 - factor);
        var result = new byte[source.Length];
        for (int i = 0; i < source.Length; i++) result[i] = ColorAdjustments.Blend(ratio, source[i], rest, smoothed[i]);
        return new Image(width, height, 3, result);
    }

    /// <summary>
    /// torchvision's <c>autocontrast</c>: stretches each channel so its minimum becomes 0 and its
    /// maximum 255 (a channel with one value is left as it is). With <paramref name="statisticsRegion"/>
    /// the minimum and maximum are taken over that region only (the whole image still changes).
    /// </summary>
    public static Image Autocontrast(Image image, Mask? statisticsRegion = null)
    {
        ColorAdjustments.CheckRgb(image);
        ColorAdjustments.CheckRegion(image, statisticsRegion);
        byte[] source = image.Pixels;
        Span<int> min = [255, 255, 255];
        Span<int> max = [0, 0, 0];
        bool any = false;
        for (int p = 0; p < image.Width * image.Height; p++)
        {
            if (statisticsRegion is not null && statisticsRegion.Values[p] == 0f) continue;
            any = true;
            for (int c = 0; c < 3; c++)
            {
                int v = source[3 * p + c];
                if (v < min[c]) min[c] = v;
                if (v > max[c]) max[c] = v;
            }
        }
        if (!any) throw new ArgumentException("The statistics region is empty.", nameof(statisticsRegion));

        Span<float> offset = stackalloc float[3];
        Span<float> scale = stackalloc float[3];
        for (int c = 0; c < 3; c++)
        {
            // torchvision: scale = 255 / (max − min); where that is not finite, min = 0 and scale = 1.
            bool flat = max[c] == min[c];
            offset[c] = flat ? 0f : min[c];
            scale[c] = flat ? 1f : 255f / (max[c] - (float)min[c]);
        }
        var result = new byte[source.Length];
        for (int i = 0; i < source.Length; i++)
        {
            int c = i % 3;
            float value = (source[i] - offset[c]) * scale[c];
            result[i] = !(value > 0f) ? (byte)0 : value >= 255f ? (byte)255 : (byte)value;
        }
        return new Image(image.Width, image.Height, 3, result);
    }
}
