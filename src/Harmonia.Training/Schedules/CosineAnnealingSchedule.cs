namespace Harmonia.Training.Schedules;

/// <summary>
/// PyTorch's <c>CosineAnnealingLR</c> in closed form: at position t the rate is
/// <c>η_min + (η_base − η_min) · (1 + cos(π·t / T)) / 2</c>, falling from the base rate at t = 0 to
/// η_min at t = T. As in PyTorch's closed form, positions past T continue the cosine (the rate
/// climbs back up), so choose T as the length of the run.
/// </summary>
public sealed class CosineAnnealingSchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="baseLearningRate">The rate at position 0.</param>
    /// <param name="horizon">T: the position at which the rate reaches <paramref name="minLearningRate"/>.</param>
    /// <param name="minLearningRate">η_min (0 by default, as in PyTorch).</param>
    /// <param name="unit">Whether positions are epochs or global steps.</param>
    public CosineAnnealingSchedule(double baseLearningRate, int horizon, double minLearningRate = 0, ScheduleUnit unit = ScheduleUnit.Epoch)
    {
        SchedulePosition.RequireUnit(unit);
        if (horizon < 1) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "The annealing horizon must be at least 1.");
        BaseLearningRate = SchedulePosition.RequireRate(baseLearningRate, nameof(baseLearningRate));
        MinLearningRate = SchedulePosition.RequireRate(minLearningRate, nameof(minLearningRate));
        Horizon = horizon;
        Unit = unit;
    }

    /// <summary>The rate at position 0.</summary>
    public double BaseLearningRate { get; }

    /// <summary>The rate at the horizon.</summary>
    public double MinLearningRate { get; }

    /// <summary>T, in <see cref="Unit"/>s.</summary>
    public int Horizon { get; }

    /// <summary>Whether positions are epochs or global steps.</summary>
    public ScheduleUnit Unit { get; }

    /// <inheritdoc/>
    public double LearningRate(int epoch, int step)
    {
        int position = SchedulePosition.Select(Unit, epoch, step);
        return MinLearningRate + (BaseLearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * position / Horizon)) / 2;
    }
}
