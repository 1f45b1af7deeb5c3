using Harmonia.Imaging;
using Harmonia.Tensors.Random;

namespace Harmonia.Data.Synthesis;

/// <summary>
/// The random choices of one lighting shift. Each field is the identity value when that part was not
/// drawn: 0 for the log2 gains and exposure, 1 for the contrast, gamma and saturation factors.
/// </summary>
/// <param name="Temperature">log2 gain of red, and minus that of blue: positive is warmer.</param>
/// <param name="Tint">minus the log2 gain of green: positive is more magenta.</param>
/// <param name="Exposure">Exposure change in stops (a gain of 2^stops in linear light).</param>
/// <param name="Contrast">Contrast factor around the object's mean luma.</param>
/// <param name="Gamma">Power applied to the sRGB values.</param>
/// <param name="Saturation">Saturation factor around each pixel's luma.</param>
public sealed record LightingDraw(double Temperature, double Tint, double Exposure, double Contrast, double Gamma, double Saturation);

/// <summary>
/// A change of light and camera applied to the object only: white balance along warm–cool, tint
/// along green–magenta, exposure, contrast, gamma and saturation. No hue rotation: an object's hue
/// stays a fact a model can trust, so a model trained on these shifts learns to correct light, not
/// to repaint. Every parameter is centred on "no change" (uniform in log space), so the recipe has
/// no colour bias for a model to learn.
/// </summary>
/// <remarks>
/// White balance and exposure act on linear light (the sRGB curve undone), as a camera's gains do;
/// contrast, gamma and saturation act on sRGB values, as editing tools do. The result is rounded to
/// 8 bits like any saved composite. tools/gpu-training/train.py draws the same distribution in torch.
/// </remarks>
public static class LightingShift
{
    /// <summary>Range of <see cref="LightingDraw.Temperature"/>: ±0.35 stops of red against blue.</summary>
    public const double TemperatureRange = 0.35;
    /// <summary>Range of <see cref="LightingDraw.Tint"/>: ±0.12 stops of green.</summary>
    public const double TintRange = 0.12;
    /// <summary>Range of <see cref="LightingDraw.Exposure"/>: ±1 stop.</summary>
    public const double ExposureRange = 1.0;
    /// <summary>Range of ln(contrast).</summary>
    public const double LogContrastRange = 0.4;
    /// <summary>Range of ln(gamma).</summary>
    public const double LogGammaRange = 0.35;
    /// <summary>Lower end of ln(saturation): saturation can fall further than it rises.</summary>
    public const double LogSaturationLow = -0.5;
    /// <summary>Upper end of ln(saturation).</summary>
    public const double LogSaturationHigh = 0.4;
    /// <summary>Probability of each part of a full lighting shift.</summary>
    public const double PartProbability = 0.7;
    /// <summary>Probability of each part when the shift only finishes a colour transfer (exposure, white balance, gamma).</summary>
    public const double FinishingProbability = 0.5;

    /// <summary>No change at all.</summary>
    public static LightingDraw Identity { get; } = new(0, 0, 0, 1, 1, 1);

    /// <summary>
    /// Draws a full lighting shift: every part with probability <see cref="PartProbability"/>. The
    /// generator is read the same number of times whatever is drawn, so plans stay aligned.
    /// </summary>
    public static LightingDraw Draw(RandomGenerator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double temperature = Part(random, PartProbability, -TemperatureRange, TemperatureRange);
        double tint = Part(random, PartProbability, -TintRange, TintRange);
        double exposure = Part(random, PartProbability, -ExposureRange, ExposureRange);
        double contrast = Math.Exp(Part(random, PartProbability, -LogContrastRange, LogContrastRange));
        double gamma = Math.Exp(Part(random, PartProbability, -LogGammaRange, LogGammaRange));
        double saturation = Math.Exp(Part(random, PartProbability, LogSaturationLow, LogSaturationHigh));
        return new LightingDraw(temperature, tint, exposure, contrast, gamma, saturation);
    }

    /// <summary>
    /// Draws the light change that finishes an iHarmony4-like colour transfer: white balance, exposure
    /// and gamma, each with probability <see cref="FinishingProbability"/>.
    /// </summary>
    public static LightingDraw DrawFinishing(RandomGenerator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double temperature = Part(random, FinishingProbability, -TemperatureRange, TemperatureRange);
        double exposure = Part(random, FinishingProbability, -ExposureRange, ExposureRange);
        double gamma = Math.Exp(Part(random, FinishingProbability, -LogGammaRange, LogGammaRange));
        return new LightingDraw(temperature, 0, exposure, 1, gamma, 1);
    }

    /// <summary>The photo with its foreground re-lit as <paramref name="draw"/> says; the background is the photo's.</summary>
    public static Image Apply(Image photo, Mask foreground, LightingDraw draw)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(foreground);
        ArgumentNullException.ThrowIfNull(draw);
        ColorAdjustments.CheckRgb(photo);
        ColorAdjustments.CheckRegion(photo, foreground);
        // Only the object's pixels are kept, so only they are computed: (pixel index, channel values).
        byte[] source = photo.Pixels;
        int[] inside = Enumerable.Range(0, photo.Width * photo.Height).Where(p => foreground.Values[p] != 0f).ToArray();
        var values = new double[3 * inside.Length];

        // White balance and exposure: gains on linear light.
        double[] gains =
        [
            Math.Pow(2, draw.Temperature + draw.Exposure),
            Math.Pow(2, -draw.Tint + draw.Exposure),
            Math.Pow(2, -draw.Temperature + draw.Exposure),
        ];
        for (int k = 0; k < inside.Length; k++)
            for (int c = 0; c < 3; c++)
                values[3 * k + c] = LinearToSrgb(LinearOfByte[source[3 * inside[k] + c]] * gains[c]);

        // Contrast around the object's mean luma after the gains.
        if (draw.Contrast != 1 && inside.Length > 0)
        {
            double sum = 0;
            for (int k = 0; k < inside.Length; k++) sum += Luma(values, k);
            double mean = sum / inside.Length;
            for (int i = 0; i < values.Length; i++) values[i] = mean + (values[i] - mean) * draw.Contrast;
        }
        if (draw.Gamma != 1)
            for (int i = 0; i < values.Length; i++) values[i] = Math.Pow(Math.Max(values[i], 0), draw.Gamma);
        if (draw.Saturation != 1)
            for (int k = 0; k < inside.Length; k++)
            {
                double grey = Luma(values, k);
                for (int c = 0; c < 3; c++) values[3 * k + c] = grey + (values[3 * k + c] - grey) * draw.Saturation;
            }

        var pixels = (byte[])source.Clone();
        for (int k = 0; k < inside.Length; k++)
            for (int c = 0; c < 3; c++)
                pixels[3 * inside[k] + c] = (byte)Math.Round(Math.Clamp(values[3 * k + c], 0, 1) * 255, MidpointRounding.ToEven);
        return new Image(photo.Width, photo.Height, 3, pixels);
    }

    // The sRGB curve undone for each byte value.
    private static readonly double[] LinearOfByte = Enumerable.Range(0, 256).Select(v => SrgbToLinear(v / 255.0)).ToArray();

    // One part of a draw: with the given probability a uniform value in [low, high], else 0 (no change:
    // every part is a log or an offset). Both numbers are always read so every draw consumes the
    // generator alike.
    private static double Part(RandomGenerator random, double probability, double low, double high)
    {
        bool on = random.NextDouble() < probability;
        double value = random.NextUniform(low, high);
        return on ? value : 0;
    }

    private static double Luma(double[] values, int k) => 0.299 * values[3 * k] + 0.587 * values[3 * k + 1] + 0.114 * values[3 * k + 2];

    private static double SrgbToLinear(double c) => c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);

    private static double LinearToSrgb(double c)
    {
        c = Math.Clamp(c, 0, 1);
        return c <= 0.0031308 ? c * 12.92 : 1.055 * Math.Pow(c, 1 / 2.4) - 0.055;
    }
}
