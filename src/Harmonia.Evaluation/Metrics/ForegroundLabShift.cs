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
        // Weighted by the mask (binary in evaluation, so this is the plain foreground mean).
        double l = 0, a = 0, b = 0, weight = 0;
        ReadOnlySpan<float> weights = mask.Weights;
        byte[] h = harmonized.Pixels, r = real.Pixels;
        for (int p = 0; p < mask.Width * mask.Height; p++)
        {
            float w = weights[p];
            if (w == 0f) continue;
            var (hl, ha, hb) = CieLab.FromSrgb(h[3 * p] / 255f, h[3 * p + 1] / 255f, h[3 * p + 2] / 255f);
            var (rl, ra, rb) = CieLab.FromSrgb(r[3 * p] / 255f, r[3 * p + 1] / 255f, r[3 * p + 2] / 255f);
            l += w * (hl - rl);
            a += w * (ha - ra);
            b += w * (hb - rb);
            weight += w;
        }
        return weight == 0 ? null : new ForegroundLabShift(l / weight, a / weight, b / weight);
    }
}
