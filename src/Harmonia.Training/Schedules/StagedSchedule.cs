namespace Harmonia.Training.Schedules;

/// <summary>
/// A recipe of consecutive <see cref="TrainingStage"/>s, each with a constant learning rate and
/// its own frozen modules. The trainer asks <see cref="StageAt"/> where it is, applies the stage
/// to its optimizer when the stage changes (<see cref="TrainingStage.ApplyTo"/>), and reads the
/// rate like any other schedule. Positions past the end stay in the last stage.
/// </summary>
public sealed class StagedSchedule : ILearningRateSchedule
{
    private readonly int[] stageEnds;

    /// <summary>Creates the recipe.</summary>
    /// <param name="stages">The stages in order; at least one.</param>
    /// <param name="unit">Whether stage lengths count epochs or global steps.</param>
    public StagedSchedule(IReadOnlyList<TrainingStage> stages, ScheduleUnit unit = ScheduleUnit.Epoch)
    {
        ArgumentNullException.ThrowIfNull(stages);
        SchedulePosition.RequireUnit(unit);
        if (stages.Count == 0) throw new ArgumentException("A staged schedule needs at least one stage.", nameof(stages));
        if (stages.Any(s => s is null)) throw new ArgumentException("A stage is null.", nameof(stages));
        Stages = stages.ToArray();
        Unit = unit;
        stageEnds = new int[Stages.Count];
        long end = 0;
        for (int i = 0; i < Stages.Count; i++)
        {
            end += Stages[i].Length;
            if (end > int.MaxValue) throw new ArgumentException("The stages are longer than int.MaxValue in total.", nameof(stages));
            stageEnds[i] = (int)end;
        }
    }

    /// <summary>The stages in order.</summary>
    public IReadOnlyList<TrainingStage> Stages { get; }

    /// <summary>Whether stage lengths count epochs or global steps.</summary>
    public ScheduleUnit Unit { get; }

    /// <summary>The sum of the stage lengths.</summary>
    public int TotalLength => stageEnds[^1];

    /// <summary>The position at which stage <paramref name="index"/> begins.</summary>
    public int StageStart(int index) => index == 0 ? 0 : stageEnds[index - 1];

    /// <summary>The index of the stage that covers the given position (the last one past the end).</summary>
    public int StageIndexAt(int epoch, int step)
    {
        int position = SchedulePosition.Select(Unit, epoch, step);
        for (int i = 0; i < stageEnds.Length; i++)
            if (position < stageEnds[i]) return i;
        return stageEnds.Length - 1;
    }

    /// <summary>The stage that covers the given position (the last one past the end).</summary>
    public TrainingStage StageAt(int epoch, int step) => Stages[StageIndexAt(epoch, step)];

    /// <inheritdoc/>
    public double LearningRate(int epoch, int step) => StageAt(epoch, step).LearningRate;

    /// <summary>
    /// The same recipe compressed (or stretched) to <paramref name="totalLength"/> positions in
    /// <paramref name="unit"/>s: each stage keeps its share of the total, rounded by largest
    /// remainder so the lengths add up exactly, and every stage keeps at least one position (taken
    /// from the longest stage). Learning rates and frozen modules are unchanged.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="totalLength"/> is smaller than the number of stages.</exception>
    public StagedSchedule ScaledTo(int totalLength, ScheduleUnit unit)
    {
        if (totalLength < Stages.Count)
            throw new ArgumentOutOfRangeException(nameof(totalLength), totalLength, $"{Stages.Count} stages need a total length of at least {Stages.Count}.");
        long original = TotalLength;
        var lengths = new int[Stages.Count];
        var remainders = new long[Stages.Count];
        long assigned = 0;
        for (int i = 0; i < Stages.Count; i++)
        {
            long scaled = (long)Stages[i].Length * totalLength;
            lengths[i] = (int)(scaled / original);
            remainders[i] = scaled % original;
            assigned += lengths[i];
        }
        // Hand the positions lost to flooring to the stages with the largest remainders (earlier first on ties).
        foreach (int i in Enumerable.Range(0, Stages.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take((int)(totalLength - assigned)))
            lengths[i]++;
        for (int i = 0; i < lengths.Length; i++)
        {
            if (lengths[i] > 0) continue;
            int longest = Array.IndexOf(lengths, lengths.Max());
            lengths[longest]--;
            lengths[i] = 1;
        }
        return new StagedSchedule(Stages.Select((s, i) => s.WithLength(lengths[i])).ToArray(), unit);
    }
}
