namespace Harmonia.Training.Checkpoints;

/// <summary>
/// Where a run stands, as a checkpoint records it besides the weights and the optimizer state.
/// </summary>
/// <param name="Step">Optimizer steps taken so far (the next step is number Step + 1).</param>
/// <param name="Epoch">The 0-based epoch the next step belongs to (Step / BatchesPerEpoch).</param>
/// <param name="BatchesPerEpoch">Batches per epoch of the training data, to detect changed data on resume.</param>
/// <param name="BestPsnr">The best validation PSNR so far, or null before any validation.</param>
/// <param name="BestStep">The step at which <paramref name="BestPsnr"/> was reached.</param>
/// <param name="LoaderSeed">The seed the training data order comes from.</param>
/// <param name="RngState">The trainer's <see cref="Harmonia.Tensors.Random.RandomGenerator"/> state (6 words).</param>
/// <param name="ElapsedSeconds">Training time spent up to this point, over all sessions.</param>
public sealed record TrainingPosition(
    int Step,
    int Epoch,
    int BatchesPerEpoch,
    double? BestPsnr,
    int? BestStep,
    ulong LoaderSeed,
    ulong[] RngState,
    double ElapsedSeconds);
