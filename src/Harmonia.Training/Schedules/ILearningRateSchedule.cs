namespace Harmonia.Training.Schedules;

/// <summary>Whether a schedule counts its positions in epochs or in optimizer steps.</summary>
public enum ScheduleUnit
{
    /// <summary>Positions are 0-based epoch indices: the rate changes between epochs (PyTorch's per-epoch <c>scheduler.step()</c>).</summary>
    Epoch,
    /// <summary>Positions are 0-based global optimizer-step indices: the rate may change at every step.</summary>
    Step,
}

/// <summary>A learning rate as a function of where training is.</summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate for the optimizer step about to be taken.</summary>
    /// <param name="epoch">0-based index of the current epoch.</param>
    /// <param name="step">0-based index of this optimizer step counted over the whole run (not reset per epoch).</param>
    /// <exception cref="ArgumentOutOfRangeException">A position is negative.</exception>
    double LearningRate(int epoch, int step);
}

/// <summary>Picks the position a schedule counts in and rejects negative ones.</summary>
internal static class SchedulePosition
{
    public static int Select(ScheduleUnit unit, int epoch, int step)
    {
        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "The epoch index must be non-negative.");
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), step, "The step index must be non-negative.");
        return unit switch
        {
            ScheduleUnit.Epoch => epoch,
            ScheduleUnit.Step => step,
            _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown schedule unit."),
        };
    }

    public static double RequireRate(double rate, string name)
    {
        if (!(rate >= 0) || double.IsInfinity(rate)) throw new ArgumentOutOfRangeException(name, rate, "A learning rate must be non-negative and finite.");
        return rate;
    }

    public static void RequireUnit(ScheduleUnit unit)
    {
        if (!Enum.IsDefined(unit)) throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown schedule unit.");
    }
}
