namespace Harmonia.Evaluation.Metrics;

/// <summary>All harmonization metrics of one prediction against its ground truth, on 0..255 values.</summary>
/// <param name="ForegroundRatio">ΣM / (H·W).</param>
/// <param name="Mse">MSE over all pixels and channels.</param>
/// <param name="Fmse">Foreground MSE; NaN when the mask is empty.</param>
/// <param name="Psnr">PSNR in dB; 100 dB, the cap, for a perfect prediction under the peak-255 convention.</param>
/// <param name="Fpsnr">Foreground PSNR in dB (PSNR of the fMSE); NaN when the mask is empty.</param>
/// <param name="Ssim">Mean SSIM over channels and pixels.</param>
public sealed record ImageScores(double ForegroundRatio, double Mse, double Fmse, double Psnr, double Fpsnr, double Ssim)
{
    /// <summary>False when the mask had no foreground, so <see cref="Fmse"/> and <see cref="Fpsnr"/> are NaN.</summary>
    public bool HasForeground => ForegroundRatio > 0;
}
