using Harmonia.Training.Schedules;

namespace Harmonia.Training.Recipes;

/// <summary>
/// How long a run trains: a number of epochs (<c>--epochs</c>) or of optimizer steps
/// (<c>--steps</c>). The unit is also the unit the learning-rate schedule counts in, so a run
/// measured in steps gets a schedule whose milestones fall on steps.
/// </summary>
/// <param name="Length">Epochs or steps; at least 1.</param>
/// <param name="Unit">Whether <paramref name="Length"/> counts epochs or steps.</param>
public readonly record struct TrainingBudget(int Length, ScheduleUnit Unit)
{
    /// <summary>A budget of <paramref name="epochs"/> whole passes over the training data.</summary>
    public static TrainingBudget Epochs(int epochs) => new(epochs, ScheduleUnit.Epoch);

    /// <summary>A budget of <paramref name="steps"/> optimizer steps (one batch each).</summary>
    public static TrainingBudget Steps(int steps) => new(steps, ScheduleUnit.Step);

    /// <summary>The number of optimizer steps the budget allows when an epoch has <paramref name="batchesPerEpoch"/> batches.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No batch per epoch, or more than int.MaxValue steps.</exception>
    public int TotalSteps(int batchesPerEpoch)
    {
        if (batchesPerEpoch < 1)
            throw new ArgumentOutOfRangeException(nameof(batchesPerEpoch), batchesPerEpoch, "The training data must yield at least one full batch per epoch.");
        if (Unit == ScheduleUnit.Step) return Length;
        long total = (long)Length * batchesPerEpoch;
        if (total > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(batchesPerEpoch), batchesPerEpoch, $"{Length} epochs of {batchesPerEpoch} batches are more than {int.MaxValue} steps.");
        return (int)total;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Length} {(Unit == ScheduleUnit.Epoch ? "epoch" : "step")}{(Length == 1 ? "" : "s")}";
}
