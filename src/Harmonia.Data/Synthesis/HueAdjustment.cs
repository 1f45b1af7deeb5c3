using Harmonia.Imaging;

namespace Harmonia.Data.Synthesis;

/// <summary>
/// torchvision's <c>adjust_hue</c> on uint8 RGB: bytes to float32 (÷255), RGB to HSV, the hue
/// rotated by the factor (a fraction of a full turn, wrapped into [0, 1)), back to RGB, and to
/// bytes by truncating <c>value·255.999</c> as torchvision's <c>convert_image_dtype</c> does.
/// Every step is float32, in the same order as torchvision's tensor code.
/// </summary>
public static class HueAdjustment
{
    /// <summary>Rotates every pixel's hue by <paramref name="factor"/> turns (torchvision allows [−0.5, 0.5]).</summary>
    public static Image AdjustHue(Image image, double factor)
    {
        ColorAdjustments.CheckRgb(image);
        if (!(factor >= -0.5 && factor <= 0.5))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The hue factor must be in [-0.5, 0.5].");
        float shift = (float)factor;
        byte[] source = image.Pixels;
        var result = new byte[source.Length];
        for (int i = 0; i < source.Length; i += 3)
        {
            var (h, s, v) = RgbToHsv(source[i] / 255f, source[i + 1] / 255f, source[i + 2] / 255f);
            h = Remainder(h + shift);
            var (r, g, b) = HsvToRgb(h, s, v);
            result[i] = ToByte(r);
            result[i + 1] = ToByte(g);
            result[i + 2] = ToByte(b);
        }
        return new Image(image.Width, image.Height, 3, result);
    }

    /// <summary>HSV of an RGB colour in [0, 1], hue in [0, 1), as torchvision's <c>_rgb2hsv</c>.</summary>
    internal static (float H, float S, float V) RgbToHsv(float r, float g, float b)
    {
        float max = MathF.Max(r, MathF.Max(g, b));
        float min = MathF.Min(r, MathF.Min(g, b));
        bool grey = max == min;
        float chroma = max - min;
        float saturation = chroma / (grey ? 1f : max);
        float divisor = grey ? 1f : chroma;
        float rc = (max - r) / divisor, gc = (max - g) / divisor, bc = (max - b) / divisor;
        float hue;
        if (max == r) hue = bc - gc;
        else if (max == g) hue = 2f + rc - bc;
        else hue = 4f + gc - rc;
        hue = (hue / 6f + 1f) % 1f; // C#'s float % is fmod, like torch.fmod
        return (hue, saturation, max);
    }

    /// <summary>RGB of an HSV colour, as torchvision's <c>_hsv2rgb</c> (components clamped to [0, 1]).</summary>
    internal static (float R, float G, float B) HsvToRgb(float h, float s, float v)
    {
        float sector = MathF.Floor(h * 6f);
        float f = h * 6f - sector;
        int i = ((int)sector % 6 + 6) % 6;
        float p = Math.Clamp(v * (1f - s), 0f, 1f);
        float q = Math.Clamp(v * (1f - s * f), 0f, 1f);
        float t = Math.Clamp(v * (1f - s * (1f - f)), 0f, 1f);
        return i switch
        {
            0 => (v, t, p),
            1 => (q, v, p),
            2 => (p, v, t),
            3 => (p, q, v),
            4 => (t, p, v),
            _ => (v, p, q),
        };
    }

    // torch.remainder with divisor 1: fmod, moved into [0, 1) when negative.
    private static float Remainder(float x)
    {
        float r = x % 1f;
        return r < 0f ? r + 1f : r;
    }

    // torchvision's float-to-uint8 conversion: multiply by 256 − 1e−3 and truncate.
    private static byte ToByte(float value)
    {
        float scaled = value * (float)(255.0 + 1.0 - 1e-3);
        if (!(scaled > 0f)) return 0;
        return scaled >= 255f ? (byte)255 : (byte)scaled;
    }
}
