namespace Harmonia.Training;

/// <summary>Where training stands after a step, for a progress bar.</summary>
/// <param name="Step">Optimizer steps taken (1-based count of the step just finished).</param>
/// <param name="TotalSteps">Steps the run takes in all.</param>
/// <param name="Epoch">The 0-based epoch of the step just finished.</param>
/// <param name="Epochs">Epochs the run spans (the last may be partial with a step budget).</param>
/// <param name="BatchInEpoch">1-based index of the step's batch within its epoch.</param>
/// <param name="BatchesPerEpoch">Batches per epoch.</param>
/// <param name="LearningRate">The rate the step used (of the first trainable group).</param>
/// <param name="Loss">The step's training loss.</param>
/// <param name="ImagesPerSecond">Recent training throughput (steps only, validation and checkpoints excluded).</param>
/// <param name="Elapsed">Training time so far, over all sessions of the run.</param>
/// <param name="Remaining">Estimated time to the end of the run at the recent throughput.</param>
/// <param name="Stage">The stage of a staged recipe, or null.</param>
public sealed record TrainingProgress(
    int Step,
    int TotalSteps,
    int Epoch,
    int Epochs,
    int BatchInEpoch,
    int BatchesPerEpoch,
    double LearningRate,
    double Loss,
    double ImagesPerSecond,
    TimeSpan Elapsed,
    TimeSpan Remaining,
    string? Stage);
