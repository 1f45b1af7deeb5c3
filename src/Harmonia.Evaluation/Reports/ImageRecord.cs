using Harmonia.Evaluation.Metrics;

namespace Harmonia.Evaluation.Reports;

/// <summary>The scores of one evaluated image, tagged with its subset (e.g. "HCOCO") and name.</summary>
/// <param name="Subset">Dataset subset the image belongs to; non-empty.</param>
/// <param name="Name">Image name or relative path, as it should appear in per_image.csv.</param>
/// <param name="ForegroundRatio">ΣM / (H·W), in [0, 1].</param>
/// <param name="Mse">MSE.</param>
/// <param name="Fmse">Foreground MSE (NaN when the mask is empty).</param>
/// <param name="Psnr">PSNR in dB.</param>
/// <param name="Fpsnr">Foreground PSNR in dB (NaN when the mask is empty).</param>
/// <param name="Ssim">SSIM.</param>
public sealed record ImageRecord(
    string Subset, string Name, double ForegroundRatio,
    double Mse, double Fmse, double Psnr, double Fpsnr, double Ssim)
{
    /// <summary>Wraps the scores of one image, with the object's colour shift when it was measured.</summary>
    public static ImageRecord From(string subset, string name, ImageScores scores, ForegroundLabShift? labShift = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return new ImageRecord(subset, name, scores.ForegroundRatio, scores.Mse, scores.Fmse, scores.Psnr, scores.Fpsnr, scores.Ssim)
        {
            LabShift = labShift,
        };
    }

    /// <summary>The harmonized object's mean Lab minus the real object's; null when not measured or the mask is empty.</summary>
    public ForegroundLabShift? LabShift { get; init; }

    /// <summary>False when the mask had no foreground; such images are left out of fMSE/fPSNR means and buckets.</summary>
    public bool HasForeground => ForegroundRatio > 0;
}
