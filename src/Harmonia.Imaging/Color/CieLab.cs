using Harmonia.Tensors;

namespace Harmonia.Imaging.Color;

/// <summary>
/// Conversion between sRGB (components in [0, 1], standard sRGB transfer curve) and CIE L*a*b*
/// with the D65 white point: L in [0, 100], a and b roughly in [-128, 127]. White maps to
/// (100, 0, 0). Computed in double precision; out-of-gamut colours are not clamped.
/// </summary>
public static class CieLab
{
    // D65 reference white, Y normalized to 1.
    private const double WhiteX = 0.95047, WhiteY = 1.0, WhiteZ = 1.08883;

    // The Lab curve switches from a cube root to a line below (6/29)^3.
    private const double Delta = 6.0 / 29.0;
    private const double DeltaCubed = Delta * Delta * Delta;
    private const double LinearSlope = 1.0 / (3.0 * Delta * Delta);

    /// <summary>Converts one sRGB colour to Lab.</summary>
    public static (float L, float A, float B) FromSrgb(float r, float g, float b)
    {
        double lr = SrgbToLinear(r), lg = SrgbToLinear(g), lb = SrgbToLinear(b);
        // Linear sRGB → XYZ (D65), IEC 61966-2-1 matrix.
        double x = 0.4124564 * lr + 0.3575761 * lg + 0.1804375 * lb;
        double y = 0.2126729 * lr + 0.7151522 * lg + 0.0721750 * lb;
        double z = 0.0193339 * lr + 0.1191920 * lg + 0.9503041 * lb;
        double fx = LabCurve(x / WhiteX), fy = LabCurve(y / WhiteY), fz = LabCurve(z / WhiteZ);
        return ((float)(116.0 * fy - 16.0), (float)(500.0 * (fx - fy)), (float)(200.0 * (fy - fz)));
    }

    /// <summary>Converts one Lab colour to sRGB (may fall outside [0, 1] for colours sRGB cannot show).</summary>
    public static (float R, float G, float B) ToSrgb(float l, float a, float b)
    {
        double fy = (l + 16.0) / 116.0, fx = fy + a / 500.0, fz = fy - b / 200.0;
        double x = WhiteX * InverseLabCurve(fx), y = WhiteY * InverseLabCurve(fy), z = WhiteZ * InverseLabCurve(fz);
        // Inverse of the matrix above.
        double lr = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double lg = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double lb = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        return ((float)LinearToSrgb(lr), (float)LinearToSrgb(lg), (float)LinearToSrgb(lb));
    }

    /// <summary>
    /// Converts planar sRGB (three planes of <paramref name="pixelCount"/> values: R, G, B) into
    /// planar Lab (L, a, b) in <paramref name="lab"/>, which may be the same buffer.
    /// </summary>
    public static void FromSrgb(ReadOnlySpan<float> rgb, Span<float> lab, int pixelCount)
    {
        CheckPlanes(rgb.Length, lab.Length, pixelCount);
        for (int i = 0; i < pixelCount; i++)
        {
            var (l, a, b) = FromSrgb(rgb[i], rgb[pixelCount + i], rgb[2 * pixelCount + i]);
            lab[i] = l; lab[pixelCount + i] = a; lab[2 * pixelCount + i] = b;
        }
    }

    /// <summary>Planar Lab to planar sRGB; the inverse of <see cref="FromSrgb(ReadOnlySpan{float}, Span{float}, int)"/>.</summary>
    public static void ToSrgb(ReadOnlySpan<float> lab, Span<float> rgb, int pixelCount)
    {
        CheckPlanes(lab.Length, rgb.Length, pixelCount);
        for (int i = 0; i < pixelCount; i++)
        {
            var (r, g, b) = ToSrgb(lab[i], lab[pixelCount + i], lab[2 * pixelCount + i]);
            rgb[i] = r; rgb[pixelCount + i] = g; rgb[2 * pixelCount + i] = b;
        }
    }

    /// <summary>Lab tensor from an sRGB tensor of shape [..., 3, H, W] (values in [0, 1]); outside autograd.</summary>
    public static Tensor FromSrgb(Tensor rgb) => MapImages(rgb, FromSrgb);

    /// <summary>sRGB tensor from a Lab tensor of shape [..., 3, H, W]; outside autograd.</summary>
    public static Tensor ToSrgb(Tensor lab) => MapImages(lab, ToSrgb);

    private delegate void PlanarConversion(ReadOnlySpan<float> source, Span<float> destination, int pixelCount);

    private static Tensor MapImages(Tensor input, PlanarConversion convert)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank < 3 || input.Shape[^3] != 3)
            throw new ArgumentException($"Expected shape [..., 3, H, W], got {ShapeMath.Format(input.Shape)}.", nameof(input));
        int pixelCount = input.Shape[^2] * input.Shape[^1], imageSize = 3 * pixelCount;
        var output = new float[input.Numel];
        for (int offset = 0; offset < output.Length; offset += imageSize)
            convert(input.Data.AsSpan(offset, imageSize), output.AsSpan(offset, imageSize), pixelCount);
        return Tensor.FromArray(output, input.Shape);
    }

    private static void CheckPlanes(int sourceLength, int destinationLength, int pixelCount)
    {
        if (sourceLength < 3 * pixelCount || destinationLength < 3 * pixelCount)
            throw new ArgumentException($"Three planes of {pixelCount} values need {3 * pixelCount} floats; got {sourceLength} in, {destinationLength} out.");
    }

    private static double SrgbToLinear(double c)
        => c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);

    private static double LinearToSrgb(double c)
        => c <= 0.0031308 ? 12.92 * c : 1.055 * Math.Pow(c, 1.0 / 2.4) - 0.055;

    private static double LabCurve(double t)
        => t > DeltaCubed ? Math.Cbrt(t) : t * LinearSlope + 4.0 / 29.0;

    private static double InverseLabCurve(double f)
        => f > Delta ? f * f * f : (f - 4.0 / 29.0) / LinearSlope;
}
