using Harmonia.Imaging;

namespace Harmonia.Evaluation.Metrics;

/// <summary>
/// How a model changed an object's colour family: the object's mean CIE Lab colour before and after,
/// as lightness, chroma and hue angle. Real composites have no ground truth, so this compares the
/// output with the input; "the red brick turned ochre" is a hue change of about 40°, "the pink flower
/// turned beige" a loss of most of its chroma.
/// </summary>
/// <param name="ChromaBefore">C* of the input object's mean colour.</param>
/// <param name="ChromaAfter">C* of the output object's mean colour.</param>
/// <param name="HueShiftDegrees">Hue angle after minus before, in (−180, 180]; 0 when either colour is too grey to have a hue.</param>
/// <param name="DeltaL">L* after minus before.</param>
public sealed record ObjectHueChange(double ChromaBefore, double ChromaAfter, double HueShiftDegrees, double DeltaL)
{
    /// <summary>
    /// Below this chroma a mean colour counts as grey: its hue angle says nothing. Low, because an
    /// object's mean is duller than its pixels: the pink house of the real composites has C* 9.6.
    /// </summary>
    public const double MinChroma = 5;

    /// <summary>A hue shift beyond this many degrees leaves the colour family (red to orange, orange to yellow...).</summary>
    public const double MaxHueShift = 30;

    /// <summary>A coloured object that keeps less than this share of its chroma has been greyed.</summary>
    public const double MinChromaKept = 0.5;

    /// <summary>
    /// True when a coloured object (chroma ≥ <see cref="MinChroma"/>) left its hue family: its hue moved
    /// by more than <see cref="MaxHueShift"/>°, or it lost more than half of its chroma.
    /// </summary>
    public bool ChangesHueFamily =>
        ChromaBefore >= MinChroma && (Math.Abs(HueShiftDegrees) > MaxHueShift || ChromaAfter < MinChromaKept * ChromaBefore);

    /// <summary>The change from <paramref name="before"/> to <paramref name="after"/> over the mask's foreground, or null when it is empty.</summary>
    /// <exception cref="ArgumentException">The images are not RGB or their sizes differ from the mask's.</exception>
    public static ObjectHueChange? Measure(Image before, Image after, ForegroundMask mask)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(mask);
        ImagePairValidation.RequireComparable(after, before);
        ImagePairValidation.RequireMaskMatches(after, mask);
        if (before.Channels != 3) throw new ArgumentException($"The hue change needs RGB images, got {before.Channels} channel(s).", nameof(before));
        var meanBefore = ForegroundMeanLab.Measure(before, mask);
        var meanAfter = ForegroundMeanLab.Measure(after, mask);
        if (meanBefore is not { } b || meanAfter is not { } a) return null;

        double chromaBefore = Math.Sqrt(b.A * b.A + b.B * b.B), chromaAfter = Math.Sqrt(a.A * a.A + a.B * a.B);
        double shift = 0;
        if (chromaBefore >= MinChroma && chromaAfter >= MinChroma)
        {
            shift = (Math.Atan2(a.B, a.A) - Math.Atan2(b.B, b.A)) * 180 / Math.PI;
            if (shift > 180) shift -= 360;
            else if (shift <= -180) shift += 360;
        }
        return new ObjectHueChange(chromaBefore, chromaAfter, shift, a.L - b.L);
    }
}
