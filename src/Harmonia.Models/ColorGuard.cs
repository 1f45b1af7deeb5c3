using System.Globalization;
using Harmonia.Imaging.Color;

namespace Harmonia.Models;

/// <summary>
/// A bound on how far the colour map may take a coloured object out of its colour family: its mean
/// colour keeps at least <see cref="MinChromaKept"/> of its chroma and turns its hue angle by at most
/// <see cref="MaxHueShiftDegrees"/>. Harmonization corrects light and camera (white balance, exposure,
/// contrast); a map that greys a pink façade or turns red brick ochre is repainting the object. A map
/// that goes too far is not refused but scaled toward the identity until it keeps inside the bound, so a
/// correction in the right direction is kept as far as it may go.
/// </summary>
/// <remarks>
/// Measured on mean CIE Lab colours over the mask, as the sheet of real composites measures hue
/// families. Objects whose mean chroma is below <see cref="MinChroma"/> are grey: their hue says nothing
/// and they are left to the map. On held-out lighting composites (white balance, exposure, contrast,
/// gamma, saturation) the <see cref="Default"/> costs 2.6% of fMSE; on colour transfers, which do turn
/// hues, it costs 45% (docs/training.md, "Keeping objects in their colour family").
/// </remarks>
/// <param name="MaxHueShiftDegrees">The largest change of the mean colour's hue angle, in degrees (0 to 180; 180 bounds nothing).</param>
/// <param name="MinChromaKept">The smallest share of the mean colour's chroma the object keeps (0 to 1; 0 bounds nothing).</param>
public sealed record ColorGuard(double MaxHueShiftDegrees, double MinChromaKept)
{
    /// <summary>Mean chroma (C*) below which an object counts as grey and is not guarded.</summary>
    public const double MinChroma = 5;

    // The largest allowed scale of the map's change is found to 1/2^12 of the change.
    private const int BisectionSteps = 12;

    // At most this many of the object's pixels enter the mean colours (see Sample).
    private const int MaxSamples = 8192;

    /// <summary>
    /// Harmonia's default: the hue turns by at most 25° and at least 55% of the chroma is kept. The
    /// project's measure of a change of hue family counts a turn past 30° or less than half the chroma
    /// kept; the default holds a little inside both, for the 8-bit rounding of the picture that measure
    /// reads.
    /// </summary>
    public static ColorGuard Default { get; } = new(25, 0.55);

    /// <summary>No bound: the map is applied as it is fitted.</summary>
    public static ColorGuard Off { get; } = new(180, 0);

    /// <summary>True for a bound that allows every map (<see cref="Off"/> or an equal one).</summary>
    public bool IsOff => MaxHueShiftDegrees >= 180 && MinChromaKept <= 0;

    /// <summary>
    /// Parses "off", "on" (the <see cref="Default"/>) or "DEGREES,KEPT" (e.g. "25,0.55"): the spelling of the
    /// command line's <c>--color-guard</c> and the web API's <c>color_guard</c>.
    /// </summary>
    /// <exception cref="FormatException">Neither of those, or numbers out of range.</exception>
    public static ColorGuard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (trimmed.Equals("off", StringComparison.OrdinalIgnoreCase)) return Off;
        if (trimmed.Equals("on", StringComparison.OrdinalIgnoreCase)) return Default;
        string[] parts = trimmed.Split(',');
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double degrees)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double kept)
            && degrees is >= 0 and <= 180 && kept is >= 0 and <= 1)
            return new ColorGuard(degrees, kept);
        throw new FormatException($"expected 'on', 'off' or 'DEGREES,KEPT' (0-180 degrees of hue, 0-1 of chroma kept, e.g. 25,0.55), got '{text}'");
    }

    /// <inheritdoc />
    public override string ToString() =>
        IsOff ? "off" : string.Create(CultureInfo.InvariantCulture, $"{MaxHueShiftDegrees},{MinChromaKept}");

    /// <summary>
    /// The largest s in [0, 1] for which the map I + s·(<paramref name="map"/> − I) keeps the object inside
    /// the bound: 1 for a map already inside, else found by bisection (the identity, s = 0, always is).
    /// </summary>
    /// <param name="map">The fitted colour map, 3×4 (rows R, G, B over columns r, g, b, 1): the object's pixels become clamp(map·[x, 1]).</param>
    /// <param name="pixels">The composite, planar [3, plane] from <paramref name="image"/> on, in [0, 1].</param>
    /// <param name="image">Where the composite starts in <paramref name="pixels"/>.</param>
    /// <param name="weights">The mask's weights, [plane] from <paramref name="weightsStart"/> on.</param>
    /// <param name="weightsStart">Where the mask starts in <paramref name="weights"/>.</param>
    /// <param name="plane">Pixels per channel.</param>
    internal double AllowedScale(double[,] map, float[] pixels, int image, float[] weights, int weightsStart, int plane)
    {
        if (IsOff) return 1;
        var sample = Sample(weights, weightsStart, plane);
        if (sample.Count == 0) return 1;
        (double L, double A, double B) Mean(double s) => MeanLab(Scaled(map, s), pixels, image, plane, weights, weightsStart, sample);
        var before = Mean(0);
        if (Chroma(before) < MinChroma || Allows(before, Mean(1))) return 1;
        double allowed = 0, refused = 1;
        for (int step = 0; step < BisectionSteps; step++)
        {
            double middle = (allowed + refused) / 2;
            if (Allows(before, Mean(middle))) allowed = middle;
            else refused = middle;
        }
        return allowed;
    }

    // I + s·(map − I), a new map.
    private static double[,] Scaled(double[,] map, double s)
    {
        var scaled = (double[,])map.Clone();
        ColorMapHarmonizer.ScaleChange(scaled, s);
        return scaled;
    }

    // The object's pixels the means are taken over: all of them up to MaxSamples, else an even stride
    // through them. A mean colour over thousands of pixels is known far more closely than the bound
    // needs, and the bisection then costs the same at any resolution.
    private static List<int> Sample(float[] weights, int weightsStart, int plane)
    {
        int count = 0;
        for (int p = 0; p < plane; p++) if (weights[weightsStart + p] != 0) count++;
        int stride = Math.Max(1, (count + MaxSamples - 1) / MaxSamples);
        var sample = new List<int>(Math.Min(count, MaxSamples));
        for (int p = 0, seen = 0; p < plane; p++)
            if (weights[weightsStart + p] != 0 && seen++ % stride == 0) sample.Add(p);
        return sample;
    }

    private bool Allows((double L, double A, double B) before, (double L, double A, double B) after)
    {
        double chromaBefore = Chroma(before), chromaAfter = Chroma(after);
        if (chromaAfter < MinChromaKept * chromaBefore) return false;
        // The hue is judged however grey the result: the object had one, and a colour greyed to the edge of
        // having none must not come back with another.
        double shift = Math.Abs(Math.Atan2(after.B, after.A) - Math.Atan2(before.B, before.A)) * 180 / Math.PI;
        if (shift > 180) shift = 360 - shift;
        return shift <= MaxHueShiftDegrees;
    }

    private static double Chroma((double L, double A, double B) lab) => Math.Sqrt(lab.A * lab.A + lab.B * lab.B);

    // The weighted mean Lab colour of the sampled object pixels after the map.
    private static (double L, double A, double B) MeanLab(double[,] map, float[] pixels, int image, int plane,
        float[] weights, int weightsStart, List<int> sample)
    {
        double l = 0, a = 0, b = 0, total = 0;
        Span<float> moved = stackalloc float[3];
        foreach (int p in sample)
        {
            float w = weights[weightsStart + p];
            float r = pixels[image + p], g = pixels[image + plane + p], bl = pixels[image + 2 * plane + p];
            for (int k = 0; k < 3; k++)
                moved[k] = Math.Clamp((float)(map[k, 0] * r + map[k, 1] * g + map[k, 2] * bl + map[k, 3]), 0f, 1f);
            var (pl, pa, pb) = CieLab.FromSrgb(moved[0], moved[1], moved[2]);
            l += w * pl; a += w * pa; b += w * pb; total += w;
        }
        return (l / total, a / total, b / total);
    }
}
