using Harmonia.Imaging.Color;
using Harmonia.Imaging;

namespace Harmonia.Data.Synthesis;

/// <summary>How <see cref="ColorTransfer"/> moves colours toward a target's statistics.</summary>
public enum ColorTransferMethod
{
    /// <summary>Reinhard et al.: match the mean and standard deviation of each CIE Lab channel.</summary>
    ReinhardLab,
    /// <summary>
    /// Match the RGB mean and full covariance with the linear map of least displacement
    /// (Pitié and Kokaram's Monge–Kantorovich solution, built from symmetric matrix square roots).
    /// </summary>
    RgbCovariance,
    /// <summary>Match each RGB channel's histogram.</summary>
    HistogramMatching,
}

/// <summary>
/// Moves the colours of an image region toward the statistics of another region (usually of
/// another photo), then blends the result with the original at a given strength:
/// <c>round(strength·transferred + (1 − strength)·original)</c>, with transferred values
/// clamped to [0, 255] first. Pixels outside the region are left untouched.
/// <para>
/// Two guards keep a nearly flat source from being turned into amplified noise: per-channel
/// Lab gains are capped at <see cref="MaxGain"/>, and so are the eigenvalues of the covariance
/// map, whose covariances first get <see cref="CovarianceRegularization"/> added to the diagonal.
/// </para>
/// </summary>
public static class ColorTransfer
{
    /// <summary>
    /// The largest factor by which a transfer may stretch colour differences. A cap of 4 left
    /// visible amplified JPEG noise when a smooth region (sky) took on a busy photo's statistics.
    /// </summary>
    public const double MaxGain = 2.0;

    /// <summary>Added to the diagonal of both RGB covariances (in 8-bit units squared) so flat regions stay invertible.</summary>
    public const double CovarianceRegularization = 1.0;

    /// <summary>The image with <paramref name="region"/>'s colours moved toward <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentException">The region is empty, or the strength is outside [0, 1].</exception>
    public static Image Apply(Image image, Mask region, ColorStatistics target, ColorTransferMethod method, double strength)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(target);
        if (!(strength >= 0 && strength <= 1)) throw new ArgumentOutOfRangeException(nameof(strength), strength, "The strength must be in [0, 1].");
        ColorAdjustments.CheckRgb(image);
        ColorAdjustments.CheckRegion(image, region);
        var pixels = RegionPixels.Select(image, region);
        if (pixels.Count == 0) throw new ArgumentException("Cannot transfer colours into an empty region.", nameof(region));
        float[] lab = RegionPixels.ToLab(image, pixels);
        var source = ColorStatistics.Measure(image, pixels, lab);
        double[] transferred = method switch
        {
            ColorTransferMethod.ReinhardLab => Reinhard(pixels, lab, source, target),
            ColorTransferMethod.RgbCovariance => Covariance(image, pixels, source, target),
            ColorTransferMethod.HistogramMatching => MatchHistograms(image, pixels, source, target),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown colour-transfer method."),
        };

        var result = (byte[])image.Pixels.Clone();
        for (int i = 0; i < pixels.Count; i++)
            for (int c = 0; c < 3; c++)
            {
                int index = 3 * pixels[i] + c;
                double moved = Math.Clamp(transferred[3 * i + c], 0, 255);
                double blended = strength * moved + (1 - strength) * image.Pixels[index];
                result[index] = (byte)Math.Clamp(Math.Floor(blended + 0.5), 0, 255);
            }
        return new Image(image.Width, image.Height, 3, result);
    }

    private static double[] Reinhard(List<int> pixels, float[] lab, ColorStatistics source, ColorStatistics target)
    {
        Span<double> gain = stackalloc double[3];
        for (int c = 0; c < 3; c++)
            gain[c] = source.LabStd[c] > 1e-6 ? Math.Min(target.LabStd[c] / source.LabStd[c], MaxGain) : 1.0;
        var result = new double[lab.Length];
        for (int i = 0; i < pixels.Count; i++)
        {
            double l = (lab[3 * i] - source.LabMean[0]) * gain[0] + target.LabMean[0];
            double a = (lab[3 * i + 1] - source.LabMean[1]) * gain[1] + target.LabMean[1];
            double b = (lab[3 * i + 2] - source.LabMean[2]) * gain[2] + target.LabMean[2];
            var (r, g, bl) = CieLab.ToSrgb((float)l, (float)a, (float)b);
            result[3 * i] = Math.Clamp((double)r, 0, 1) * 255.0;
            result[3 * i + 1] = Math.Clamp((double)g, 0, 1) * 255.0;
            result[3 * i + 2] = Math.Clamp((double)bl, 0, 1) * 255.0;
        }
        return result;
    }

    /// <summary>
    /// The symmetric map A with A·Σs·A = Σt that moves colours least:
    /// A = Σs^−½ (Σs^½ Σt Σs^½)^½ Σs^−½, eigenvalues capped at <see cref="MaxGain"/>.
    /// </summary>
    internal static SymmetricMatrix3 CovarianceMap(IReadOnlyList<double> sourceCovariance, IReadOnlyList<double> targetCovariance)
    {
        var source = new SymmetricMatrix3(sourceCovariance.ToArray()).Plus(CovarianceRegularization);
        var target = new SymmetricMatrix3(targetCovariance.ToArray()).Plus(CovarianceRegularization);
        var sourceRoot = source.Map(Math.Sqrt);
        var sourceInverseRoot = source.Map(v => 1 / Math.Sqrt(v));
        var middle = SymmetricMatrix3.Sandwich(sourceRoot, target).Map(v => Math.Sqrt(Math.Max(v, 0)));
        var map = SymmetricMatrix3.Sandwich(sourceInverseRoot, middle);
        return map.Map(v => Math.Clamp(v, 0, MaxGain));
    }

    private static double[] Covariance(Image image, List<int> pixels, ColorStatistics source, ColorStatistics target)
    {
        var map = CovarianceMap(source.RgbCovariance, target.RgbCovariance);
        var result = new double[3 * pixels.Count];
        for (int i = 0; i < pixels.Count; i++)
        {
            int p = 3 * pixels[i];
            var (r, g, b) = map.Transform(image.Pixels[p] - source.RgbMean[0], image.Pixels[p + 1] - source.RgbMean[1], image.Pixels[p + 2] - source.RgbMean[2]);
            result[3 * i] = r + target.RgbMean[0];
            result[3 * i + 1] = g + target.RgbMean[1];
            result[3 * i + 2] = b + target.RgbMean[2];
        }
        return result;
    }

    /// <summary>
    /// Per channel, value v goes to the smallest level u whose target cumulative share reaches
    /// v's source cumulative share; compared as integers (cumT(u)·Ns ≥ cumS(v)·Nt), so exact.
    /// </summary>
    internal static byte[] HistogramMapping(IReadOnlyList<int> sourceHistograms, IReadOnlyList<int> targetHistograms, int channel, int sourceCount, int targetCount)
    {
        var mapping = new byte[256];
        long sourceCumulative = 0, targetCumulative = targetHistograms[channel * 256];
        int level = 0;
        for (int v = 0; v < 256; v++)
        {
            sourceCumulative += sourceHistograms[channel * 256 + v];
            while (level < 255 && targetCumulative * sourceCount < sourceCumulative * targetCount)
            {
                level++;
                targetCumulative += targetHistograms[channel * 256 + level];
            }
            mapping[v] = (byte)level;
        }
        return mapping;
    }

    private static double[] MatchHistograms(Image image, List<int> pixels, ColorStatistics source, ColorStatistics target)
    {
        var mappings = new byte[3][];
        for (int c = 0; c < 3; c++) mappings[c] = HistogramMapping(source.Histograms, target.Histograms, c, source.PixelCount, target.PixelCount);
        var result = new double[3 * pixels.Count];
        for (int i = 0; i < pixels.Count; i++)
            for (int c = 0; c < 3; c++)
                result[3 * i + c] = mappings[c][image.Pixels[3 * pixels[i] + c]];
        return result;
    }
}
