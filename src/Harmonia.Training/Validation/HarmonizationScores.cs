using Harmonia.Tensors;

namespace Harmonia.Training.Validation;

/// <summary>
/// Per-image PSNR and fMSE of harmonized images against the real ones, summed for a mean.
/// </summary>
/// <remarks>
/// Conventions (those of HDNet's evaluation and of <c>harmonia eval</c>'s defaults):
/// <list type="bullet">
/// <item>Both images are quantised to 8 bits first, v = round(clamp(x, 0, 1)·255), as an image
/// saved to disk would be, and errors are measured on that 0..255 scale.</item>
/// <item>PSNR is per image, 10·log10(255² / MSE) over all pixels and channels — the same as peak
/// 1.0 on the quantised [0, 1] values — and the reported PSNR is the mean over images (not one
/// PSNR of the whole batch). An image reproduced exactly (MSE 0) counts as
/// <see cref="MaxPsnr"/> dB so means stay finite.</item>
/// <item>fMSE is per image, Σ M·e² / (C·ΣM) (iHarmony4's MSE·HW/foreground area), averaged over
/// images whose mask is not empty; it is NaN when no image has a foreground.</item>
/// </list>
/// Sums are in double.
/// </remarks>
public sealed class HarmonizationScores
{
    /// <summary>The PSNR credited to an image with no error.</summary>
    public const double MaxPsnr = 100;

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

        float[] p = harmonized.Data, t = real.Data, m = mask.Data;
        for (int image = 0; image < n; image++)
        {
            double squaredError = 0, maskedSquaredError = 0, area = 0;
            for (int pixel = 0; pixel < pixels; pixel++)
            {
                double weight = m[image * pixels + pixel];
                area += weight;
                double pixelError = 0;
                for (int c = 0; c < channels; c++)
                {
                    int index = (image * channels + c) * pixels + pixel;
                    double e = Quantize(p[index]) - Quantize(t[index]);
                    pixelError += e * e;
                }
                squaredError += pixelError;
                maskedSquaredError += weight * pixelError;
            }
            double mse = squaredError / ((double)channels * pixels);
            psnrSum += mse == 0 ? MaxPsnr : Math.Min(MaxPsnr, 10 * Math.Log10(255.0 * 255.0 / mse));
            Images++;
            if (area > 0)
            {
                fmseSum += maskedSquaredError / (channels * area);
                ImagesWithForeground++;
            }
        }
    }

    /// <summary>An 8-bit value from [0, 1], rounded to nearest; NaN counts as 0.</summary>
    private static int Quantize(float value)
        => float.IsNaN(value) ? 0 : (int)MathF.Round(Math.Clamp(value, 0f, 1f) * 255f, MidpointRounding.AwayFromZero);
}
