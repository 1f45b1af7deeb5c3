namespace Harmonia.Training.Schedules;

/// <summary>The same learning rate throughout.</summary>
public sealed class ConstantSchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    public ConstantSchedule(double learningRate) => Rate = SchedulePosition.RequireRate(learningRate, nameof(learningRate));

    /// <summary>The learning rate.</summary>
    public double Rate { get; }

    /// <inheritdoc/>
    public double LearningRate(int epoch, int step)
    {
        SchedulePosition.Select(ScheduleUnit.Epoch, epoch, step);
        return Rate;
    }
}
