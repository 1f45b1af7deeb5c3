using Harmonia.Imaging;

namespace Harmonia.Evaluation.Metrics;

/// <summary>
/// How far a harmonized object's colour moved from the real one: the mean CIE Lab (D65) of the
/// foreground pixels of the harmonized image minus that of the real image. A model that repaints
/// objects shows it here even where the squared errors look small; with the real photo as the input
/// (the do-no-harm check) every component should be near zero.
/// </summary>
/// <param name="DeltaL">Lightness difference, in L* units (0..100 scale).</param>
/// <param name="DeltaA">a* difference: negative is greener / less red.</param>
/// <param name="DeltaB">b* difference: positive is yellower / less blue.</param>
public sealed record ForegroundLabShift(double DeltaL, double DeltaA, double DeltaB)
{
    /// <summary>
    /// The shift of <paramref name="harmonized"/> against <paramref name="real"/> over the mask's
    /// foreground, or null when the mask is empty.
    /// </summary>
    /// <exception cref="ArgumentException">The images are not RGB or their sizes differ from the mask's.</exception>
    public static ForegroundLabShift? Measure(Image harmonized, Image real, ForegroundMask mask)
    {
        ArgumentNullException.ThrowIfNull(harmonized);
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(mask);
        ImagePairValidation.RequireComparable(harmonized, real);
        ImagePairValidation.RequireMaskMatches(harmonized, mask);
        if (harmonized.Channels != 3) throw new ArgumentException($"The Lab shift needs RGB images, got {harmonized.Channels} channel(s).", nameof(harmonized));
        // The mean of the differences is the difference of the means (weighted by the mask, binary in evaluation).
        if (ForegroundMeanLab.Measure(harmonized, mask) is not { } h || ForegroundMeanLab.Measure(real, mask) is not { } r) return null;
        return new ForegroundLabShift(h.L - r.L, h.A - r.A, h.B - r.B);
    }
}
