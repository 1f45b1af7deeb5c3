using Harmonia.NN.Serialization;

namespace Harmonia.Training;

/// <summary>How often the trainer logs, validates and saves, and who watches it.</summary>
public sealed record TrainerOptions
{
    /// <summary>A training record goes to <c>log.jsonl</c> every this many steps (and after the last step).</summary>
    public int LogEvery { get; init; } = 50;

    /// <summary><c>last.safetensors</c> is written every this many steps, and always after the last step or on cancellation.</summary>
    public int CheckpointEvery { get; init; } = 1000;

    /// <summary>Validation runs every this many steps; 0 means at the end of every epoch. It also runs after the last step.</summary>
    public int ValidateEvery { get; init; }

    /// <summary>Receives progress, validation and checkpoint events, or null.</summary>
    public ITrainingMonitor? Monitor { get; init; }

    /// <summary>
    /// One line saying what the run trains on (dataset, subsets, counts), stored in every checkpoint
    /// under <see cref="Checkpoints.TrainingCheckpoint.TrainedOnKey"/> so bundled weights can say where they came from.
    /// </summary>
    public string? TrainedOn { get; init; }

    /// <summary>
    /// Weights a new run starts from instead of a random initialization (fine-tuning), or null.
    /// Every parameter and buffer of the network must be present with its shape; the optimizer
    /// state, step and schedule start fresh. <see cref="Trainer.Resume"/> ignores it: a resumed run
    /// continues from its own checkpoint.
    /// </summary>
    public InitialWeights? InitialWeights { get; init; }

    /// <summary>
    /// Writes a checkpoint file; it must replace the target atomically. The default is
    /// <see cref="SafeTensorsFile.Write"/> (temporary file, flush to disk, rename). Tests replace it
    /// to simulate a crash in the middle of a write.
    /// </summary>
    public Action<string, StateDict> CheckpointWriter { get; init; } = SafeTensorsFile.Write;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a setting that makes no sense.</summary>
    public void Validate()
    {
        if (LogEvery < 1) throw new ArgumentOutOfRangeException(nameof(LogEvery), LogEvery, "Log at least every step count ≥ 1.");
        if (CheckpointEvery < 1) throw new ArgumentOutOfRangeException(nameof(CheckpointEvery), CheckpointEvery, "The checkpoint interval must be at least 1 step.");
        if (ValidateEvery < 0) throw new ArgumentOutOfRangeException(nameof(ValidateEvery), ValidateEvery, "The validation interval must be 0 (each epoch) or a positive number of steps.");
        ArgumentNullException.ThrowIfNull(CheckpointWriter);
    }
}

/// <summary>Weights to start a run from, and where they came from (named in errors and in the run's log).</summary>
/// <param name="State">The network's state_dict (optimizer entries, if any, already removed).</param>
/// <param name="Source">The file or description the weights came from.</param>
public sealed record InitialWeights(StateDict State, string Source);
