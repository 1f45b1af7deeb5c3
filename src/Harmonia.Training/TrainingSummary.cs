namespace Harmonia.Training;

/// <summary>How a call to <see cref="Trainer.Run"/> ended.</summary>
/// <param name="Step">Steps taken by the run in all.</param>
/// <param name="TotalSteps">Steps the run takes when complete.</param>
/// <param name="Completed">True when the run reached its last step.</param>
/// <param name="Cancelled">True when it stopped early on request (a checkpoint was written first).</param>
/// <param name="LastLoss">The loss of the last step taken in this call, or NaN when none was.</param>
/// <param name="BestPsnr">The best validation PSNR of the run, or null without validation.</param>
/// <param name="Elapsed">Training time of the run over all sessions.</param>
public sealed record TrainingSummary(int Step, int TotalSteps, bool Completed, bool Cancelled, double LastLoss, double? BestPsnr, TimeSpan Elapsed);
