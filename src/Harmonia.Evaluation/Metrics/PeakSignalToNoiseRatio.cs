using Harmonia.Imaging;
using Harmonia.Imaging.Quality;

namespace Harmonia.Evaluation.Metrics;

/// <summary>
/// PSNR from an MSE, and fPSNR from an fMSE (same formula, foreground error in place of the whole-image
/// error), under the peak conventions of <see cref="PsnrPeak"/>.
/// </summary>
public static class PeakSignalToNoiseRatio
{
    /// <summary>The epsilon PHNet's code adds to the MSE under <see cref="PsnrPeak.TargetMaximum"/>.</summary>
    public const double TargetMaximumEpsilon = 1e-6;

    /// <summary>
    /// 10·log10(peak² / meanSquaredError) with the peak chosen by <paramref name="peak"/>; the MSE is on
    /// the 0..255 scale. Under <see cref="PsnrPeak.Fixed255"/> and <see cref="PsnrPeak.UnitRange"/> the
    /// result is at most <see cref="ImageErrorMetrics.MaxPsnr"/> (100 dB), which a zero MSE (identical
    /// images) also scores, so means over images stay finite; <see cref="PsnrPeak.TargetMaximum"/> is
    /// PHNet's formula as published (finite at MSE 0 through its epsilon, not capped). A NaN MSE (fMSE of
    /// an empty mask) gives NaN.
    /// </summary>
    /// <param name="meanSquaredError">MSE or fMSE on 0..255 values; must be ≥ 0 or NaN.</param>
    /// <param name="target">The ground truth; read only by <see cref="PsnrPeak.TargetMaximum"/>, may be null otherwise.</param>
    /// <param name="peak">The peak convention.</param>
    public static double FromMeanSquaredError(double meanSquaredError, Image? target, PsnrPeak peak = PsnrPeak.Fixed255)
    {
        if (meanSquaredError < 0 || double.IsInfinity(meanSquaredError))
            throw new ArgumentOutOfRangeException(nameof(meanSquaredError), $"An MSE must be finite and non-negative, got {meanSquaredError}.");
        if (double.IsNaN(meanSquaredError)) return double.NaN;

        switch (peak)
        {
            case PsnrPeak.Fixed255:
                return ImageErrorMetrics.Psnr(meanSquaredError);
            case PsnrPeak.UnitRange:
                double unitRangeMse = meanSquaredError / (255.0 * 255.0);
                return unitRangeMse == 0 ? ImageErrorMetrics.MaxPsnr : Math.Min(ImageErrorMetrics.MaxPsnr, 10 * Math.Log10(1.0 / unitRangeMse));
            case PsnrPeak.TargetMaximum:
                if (target is null)
                    throw new ArgumentNullException(nameof(target), "PsnrPeak.TargetMaximum needs the target image to find its peak.");
                double maximum = MaximumValue(target);
                // Log10(0) is −∞, which is what the convention gives for an all-black target.
                return 10 * Math.Log10(maximum * maximum / (meanSquaredError + TargetMaximumEpsilon));
            default:
                throw new ArgumentOutOfRangeException(nameof(peak), $"Unknown PSNR peak convention {peak}.");
        }
    }

    private static double MaximumValue(Image image)
    {
        byte maximum = 0;
        foreach (byte value in image.Pixels)
            if (value > maximum) maximum = value;
        return maximum;
    }
}
