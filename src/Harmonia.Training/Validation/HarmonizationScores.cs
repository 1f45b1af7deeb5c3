using Harmonia.Imaging.Quality;
using Harmonia.Imaging.TensorConversion;
using Harmonia.Imaging;
using Harmonia.Tensors;

namespace Harmonia.Training.Validation;

/// <summary>
/// Per-image PSNR and fMSE of harmonized images against the real ones, summed for a mean.
/// </summary>
/// <remarks>
/// The figures are <see cref="ImageErrorMetrics"/>'s, the implementation <c>harmonia eval</c> reports
/// with its default conventions:
/// <list type="bullet">
/// <item>Both images are quantised to 8 bits first, as <c>harmonia run</c> saves an image
/// (<see cref="ImageTensorConversion.FromChw"/>: clamp to [0, 1], scale by 255, round half up, NaN as
/// 0), and errors are measured on that 0..255 scale.</item>
/// <item>PSNR is per image, 10·log10(255² / MSE) over all pixels and channels, and the reported PSNR is
/// the mean over images (not one PSNR of the whole batch). It is capped at <see cref="MaxPsnr"/> dB,
/// which an image reproduced exactly (MSE 0) scores, so means stay finite.</item>
/// <item>fMSE is per image, Σ M·e² / (C·ΣM) (iHarmony4's MSE·HW/foreground area), averaged over
/// images whose mask is not empty; it is NaN when no image has a foreground.</item>
/// </list>
/// </remarks>
public sealed class HarmonizationScores
{
    /// <summary>The PSNR credited to an image with no error, and the most any image scores (<see cref="ImageErrorMetrics.MaxPsnr"/>).</summary>
    public const double MaxPsnr = ImageErrorMetrics.MaxPsnr;

    private double psnrSum;
    private double fmseSum;

    /// <summary>Images added so far.</summary>
    public int Images { get; private set; }

    /// <summary>Images with a non-empty mask added so far.</summary>
    public int ImagesWithForeground { get; private set; }

    /// <summary>Mean PSNR of the images added, in dB (NaN before any).</summary>
    public double MeanPsnr => Images == 0 ? double.NaN : psnrSum / Images;

    /// <summary>Mean fMSE of the images with a foreground (NaN when none).</summary>
    public double MeanFmse => ImagesWithForeground == 0 ? double.NaN : fmseSum / ImagesWithForeground;

    /// <summary>Scores every image of a batch.</summary>
    /// <param name="harmonized">[N, C, H, W] in [0, 1] (values outside are clamped).</param>
    /// <param name="real">[N, C, H, W] in [0, 1].</param>
    /// <param name="mask">[N, 1, H, W]; a pixel is foreground with weight M (binary masks: 0 or 1).</param>
    public void Add(Tensor harmonized, Tensor real, Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(harmonized);
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(mask);
        if (harmonized.Rank != 4 || !harmonized.Shape.SequenceEqual(real.Shape))
            throw new ArgumentException($"harmonized {ShapeMath.Format(harmonized.Shape)} and real {ShapeMath.Format(real.Shape)} must be one [N, C, H, W] shape.");
        int n = harmonized.Shape[0], channels = harmonized.Shape[1], pixels = harmonized.Shape[2] * harmonized.Shape[3];
        if (!mask.Shape.SequenceEqual(new[] { n, 1, harmonized.Shape[2], harmonized.Shape[3] }))
            throw new ArgumentException($"the mask {ShapeMath.Format(mask.Shape)} does not fit images {ShapeMath.Format(harmonized.Shape)}.");

        int height = harmonized.Shape[2], width = harmonized.Shape[3], values = channels * pixels;
        for (int image = 0; image < n; image++)
        {
            Image harmonizedImage = EightBit(harmonized.Data.AsSpan(image * values, values), channels, height, width);
            Image realImage = EightBit(real.Data.AsSpan(image * values, values), channels, height, width);
            psnrSum += ImageErrorMetrics.Psnr(ImageErrorMetrics.MeanSquaredError(harmonizedImage, realImage));
            Images++;
            double fmse = ImageErrorMetrics.ForegroundMeanSquaredError(harmonizedImage, realImage, mask.Data.AsSpan(image * pixels, pixels));
            if (!double.IsNaN(fmse))
            {
                fmseSum += fmse;
                ImagesWithForeground++;
            }
        }
    }

    /// <summary>One image of a batch as <c>harmonia run</c> would save it.</summary>
    private static Image EightBit(ReadOnlySpan<float> planes, int channels, int height, int width)
        => ImageTensorConversion.FromChw(planes, channels, height, width, PixelRange.ZeroToOne);
}
