using Harmonia.Imaging;
using Harmonia.Tensors.Random;

namespace Harmonia.Data.Synthesis;

/// <summary>
/// The random choices of one FFHQH-style composite: the order of the four colour-jitter ops
/// (0 brightness, 1 contrast, 2 saturation, 3 hue), their factors, and whether each of the
/// three random tone ops fires.
/// </summary>
public sealed record FfhqhRecipeDraw(
    IReadOnlyList<int> JitterOrder, double Brightness, double Contrast, double Saturation, double Hue,
    bool Posterize, bool Sharpen, bool Autocontrast);

/// <summary>
/// PHNet's FFHQH composite recipe with torchvision's semantics, applied to the foreground:
/// <c>ColorJitter(brightness 0.5, contrast 0.4, saturation 0.06, hue 0.05)</c> (its four ops in
/// random order, factors uniform in [max(0, 1−f), 1+f] and hue in [−h, h]), then
/// <c>RandomPosterize(6 bits, p 0.5)</c>, <c>RandomAdjustSharpness(4, p 0.5)</c> and
/// <c>RandomAutocontrast(p 0.5)</c>. The ops run on the whole photo exactly as torchvision would
/// (contrast's mean and autocontrast's range come from the whole photo), and only the
/// foreground is kept: the background stays the photo's. Statistics taken over the foreground
/// alone were tried and rejected: on low-variance regions such as sky, autocontrast then
/// stretches a few levels over the full range and the composite shows banding and noise.
/// </summary>
public static class FfhqhRecipe
{
    /// <summary>ColorJitter's brightness strength.</summary>
    public const double BrightnessStrength = 0.5;
    /// <summary>ColorJitter's contrast strength.</summary>
    public const double ContrastStrength = 0.4;
    /// <summary>ColorJitter's saturation strength.</summary>
    public const double SaturationStrength = 0.06;
    /// <summary>ColorJitter's hue range.</summary>
    public const double HueRange = 0.05;
    /// <summary>Bits RandomPosterize keeps.</summary>
    public const int PosterizeBits = 6;
    /// <summary>RandomAdjustSharpness's factor.</summary>
    public const double SharpnessFactor = 4.0;
    /// <summary>Probability of each of the three random tone ops.</summary>
    public const double ToneProbability = 0.5;

    /// <summary>Draws one composite's choices, in torchvision's order: op order, then the four factors, then the three coin flips.</summary>
    public static FfhqhRecipeDraw Draw(RandomGenerator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int[] order = [0, 1, 2, 3];
        random.Shuffle(order);
        double brightness = random.NextUniform(Math.Max(0, 1 - BrightnessStrength), 1 + BrightnessStrength);
        double contrast = random.NextUniform(Math.Max(0, 1 - ContrastStrength), 1 + ContrastStrength);
        double saturation = random.NextUniform(Math.Max(0, 1 - SaturationStrength), 1 + SaturationStrength);
        double hue = random.NextUniform(-HueRange, HueRange);
        bool posterize = random.NextDouble() < ToneProbability;
        bool sharpen = random.NextDouble() < ToneProbability;
        bool autocontrast = random.NextDouble() < ToneProbability;
        return new FfhqhRecipeDraw(order, brightness, contrast, saturation, hue, posterize, sharpen, autocontrast);
    }

    /// <summary>The photo with its foreground re-rendered by the ops <paramref name="draw"/> chose.</summary>
    public static Image Apply(Image photo, Mask foreground, FfhqhRecipeDraw draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        return ForegroundComposite.Compose(photo, Render(photo, null, draw), foreground);
    }

    /// <summary>
    /// The whole photo transformed by the drawn ops, with contrast's mean and autocontrast's
    /// range taken from <paramref name="statisticsRegion"/> (the whole image when null, as
    /// torchvision and <see cref="Apply"/> do).
    /// </summary>
    public static Image Render(Image photo, Mask? statisticsRegion, FfhqhRecipeDraw draw)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(draw);
        var image = photo;
        foreach (int op in draw.JitterOrder)
        {
            image = op switch
            {
                0 => ColorAdjustments.AdjustBrightness(image, draw.Brightness),
                1 => ColorAdjustments.AdjustContrast(image, draw.Contrast, statisticsRegion),
                2 => ColorAdjustments.AdjustSaturation(image, draw.Saturation),
                3 => HueAdjustment.AdjustHue(image, draw.Hue),
                _ => throw new ArgumentException($"Unknown colour-jitter op {op} (expected 0 to 3).", nameof(draw)),
            };
        }
        if (draw.Posterize) image = ToneAdjustments.Posterize(image, PosterizeBits);
        if (draw.Sharpen) image = ToneAdjustments.AdjustSharpness(image, SharpnessFactor);
        if (draw.Autocontrast) image = ToneAdjustments.Autocontrast(image, statisticsRegion);
        return image;
    }
}
