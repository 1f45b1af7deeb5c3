namespace Harmonia.Training.Schedules;

/// <summary>
/// A base rate multiplied by a factor that changes at milestones: from position <c>Start</c> on
/// (until the next milestone) the rate is <c>base · Factor</c>; before the first milestone it is
/// the base rate. Factors are absolute, not cumulative, like HDNet's <c>target_decay</c> lambda.
/// </summary>
public sealed class MultiStepSchedule : ILearningRateSchedule
{
    /// <summary>The number of epochs HDNet's authors train for.</summary>
    public const int HdnetEpochs = 120;

    /// <summary>Creates the schedule.</summary>
    /// <param name="baseLearningRate">The rate before the first milestone.</param>
    /// <param name="milestones">(start position, factor) pairs with strictly increasing starts.</param>
    /// <param name="unit">Whether positions are epochs or global steps.</param>
    public MultiStepSchedule(double baseLearningRate, IReadOnlyList<(int Start, double Factor)> milestones, ScheduleUnit unit = ScheduleUnit.Epoch)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        SchedulePosition.RequireUnit(unit);
        BaseLearningRate = SchedulePosition.RequireRate(baseLearningRate, nameof(baseLearningRate));
        for (int i = 0; i < milestones.Count; i++)
        {
            var (start, factor) = milestones[i];
            if (start < 0) throw new ArgumentOutOfRangeException(nameof(milestones), start, $"Milestone {i} starts at a negative position.");
            if (i > 0 && start <= milestones[i - 1].Start)
                throw new ArgumentException($"Milestones must start at strictly increasing positions; {start} follows {milestones[i - 1].Start}.", nameof(milestones));
            if (!(factor >= 0) || double.IsInfinity(factor)) throw new ArgumentOutOfRangeException(nameof(milestones), factor, $"Milestone {i} has a negative or non-finite factor.");
        }
        Milestones = milestones.ToArray();
        Unit = unit;
    }

    /// <summary>The rate before the first milestone.</summary>
    public double BaseLearningRate { get; }

    /// <summary>The (start, factor) pairs, in order.</summary>
    public IReadOnlyList<(int Start, double Factor)> Milestones { get; }

    /// <summary>Whether positions are epochs or global steps.</summary>
    public ScheduleUnit Unit { get; }

    /// <inheritdoc/>
    public double LearningRate(int epoch, int step)
    {
        int position = SchedulePosition.Select(Unit, epoch, step);
        double factor = 1;
        foreach (var (start, f) in Milestones)
        {
            if (position < start) break;
            factor = f;
        }
        return BaseLearningRate * factor;
    }

    /// <summary>
    /// HDNet's recipe (authors' <c>target_decay</c> policy with Adam at lr 1e-3): the base rate for
    /// epochs 0–99, ×0.1 for epochs 100–109 and ×0.01 from epoch 110 of 120. With another
    /// <paramref name="totalLength"/> the two milestones move proportionally (rounded to the
    /// nearest position, each of the three phases keeping at least one position), so a short
    /// run keeps the same shape.
    /// </summary>
    /// <param name="baseLearningRate">The initial rate (HDNet: 1e-3).</param>
    /// <param name="totalLength">Length of the run in <paramref name="unit"/>s (HDNet: 120 epochs).</param>
    /// <param name="unit">Whether the length counts epochs or global steps.</param>
    public static MultiStepSchedule Hdnet(double baseLearningRate = 1e-3, int totalLength = HdnetEpochs, ScheduleUnit unit = ScheduleUnit.Epoch)
    {
        if (totalLength < 3) throw new ArgumentOutOfRangeException(nameof(totalLength), totalLength, "HDNet's schedule has three phases and needs a length of at least 3.");
        // Keep all three phases non-empty however short the run.
        int secondDecay = Math.Min(ScaledPosition(110, totalLength), totalLength - 1);
        int firstDecay = Math.Min(ScaledPosition(100, totalLength), secondDecay - 1);
        return new MultiStepSchedule(baseLearningRate, [(firstDecay, 0.1), (secondDecay, 0.01)], unit);
    }

    /// <summary>round(position · total / 120), half up, in integers.</summary>
    private static int ScaledPosition(int position, int totalLength)
        => (int)(((long)position * totalLength * 2 + HdnetEpochs) / (2L * HdnetEpochs));
}
