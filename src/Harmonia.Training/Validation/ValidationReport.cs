namespace Harmonia.Training.Validation;

/// <summary>The scores of one validation pass (see <see cref="HarmonizationScores"/> for the conventions).</summary>
/// <param name="Step">Optimizer steps taken when the pass ran.</param>
/// <param name="Epoch">The 0-based epoch of the last step taken.</param>
/// <param name="Images">Images scored.</param>
/// <param name="MeanPsnr">Mean of the per-image PSNRs, in dB.</param>
/// <param name="MeanFmse">Mean of the per-image fMSEs over images with a foreground (0..255 scale); NaN when none has one.</param>
/// <param name="ImagesWithForeground">Images whose mask is not empty (the fMSE mean is over these).</param>
public sealed record ValidationReport(int Step, int Epoch, int Images, double MeanPsnr, double MeanFmse, int ImagesWithForeground);
