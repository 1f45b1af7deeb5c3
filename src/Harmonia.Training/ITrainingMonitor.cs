using Harmonia.Training.Validation;

namespace Harmonia.Training;

/// <summary>
/// Receives the trainer's events, e.g. for the CLI's progress bar. Every method has an empty
/// default, so a monitor implements only what it shows. Calls come on the training thread,
/// between steps; an exception thrown here stops training (the last checkpoint stays valid).
/// </summary>
public interface ITrainingMonitor
{
    /// <summary>After every optimizer step.</summary>
    void OnStep(TrainingProgress progress) { }

    /// <summary>After every validation pass; <paramref name="improved"/> when it set a new best PSNR.</summary>
    void OnValidation(ValidationReport report, bool improved) { }

    /// <summary>After a checkpoint file is complete on disk.</summary>
    void OnCheckpoint(string path, int step) { }
}
