using Harmonia.Training.Schedules;

namespace Harmonia.Training.Tests.Schedules;

public class ScheduleTests
{
    [Fact]
    public void Constant_schedule_is_constant_and_rejects_negative_positions()
    {
        var schedule = new ConstantSchedule(3e-4);
        Assert.Equal(3e-4, schedule.LearningRate(0, 0));
        Assert.Equal(3e-4, schedule.LearningRate(57, 12345));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.LearningRate(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantSchedule(double.NaN));
    }

    /// <summary>HDNet's target_decay lambda (models/networks.py) restated: factor by 0-based epoch.</summary>
    private static double HdnetFactor(int epoch) => epoch >= 110 ? 0.01 : epoch >= 100 ? 0.1 : 1;

    [Fact]
    public void Hdnet_schedule_matches_the_authors_target_decay_over_120_epochs()
    {
        var schedule = MultiStepSchedule.Hdnet();
        for (int epoch = 0; epoch < MultiStepSchedule.HdnetEpochs; epoch++)
            Assert.Equal(1e-3 * HdnetFactor(epoch), schedule.LearningRate(epoch, step: epoch * 1000), 15);
        Assert.Equal(1e-3, schedule.LearningRate(99, 0));
        Assert.Equal(1e-4, schedule.LearningRate(100, 0), 15);
        Assert.Equal(1e-5, schedule.LearningRate(110, 0), 15);
    }

    [Fact]
    public void Hdnet_schedule_compresses_its_milestones_proportionally()
    {
        var twelve = MultiStepSchedule.Hdnet(totalLength: 12);
        Assert.Equal([10, 11], twelve.Milestones.Select(m => m.Start));
        var steps = MultiStepSchedule.Hdnet(2e-3, totalLength: 600, unit: ScheduleUnit.Step);
        Assert.Equal([500, 550], steps.Milestones.Select(m => m.Start));
        Assert.Equal(2e-3, steps.LearningRate(epoch: 999, step: 499));
        Assert.Equal(2e-4, steps.LearningRate(epoch: 0, step: 500), 15);
        // Three non-empty phases even when the run is tiny (rounding alone would give 3 and 4 of 4).
        Assert.Equal([2, 3], MultiStepSchedule.Hdnet(totalLength: 4).Milestones.Select(m => m.Start));
        Assert.Equal([1, 2], MultiStepSchedule.Hdnet(totalLength: 3).Milestones.Select(m => m.Start));
        Assert.Throws<ArgumentOutOfRangeException>(() => MultiStepSchedule.Hdnet(totalLength: 2));
    }

    [Fact]
    public void Multi_step_factors_are_absolute_and_milestones_must_increase()
    {
        var schedule = new MultiStepSchedule(1.0, [(2, 0.5), (4, 0.2)]);
        Assert.Equal([1.0, 1.0, 0.5, 0.5, 0.2, 0.2], Enumerable.Range(0, 6).Select(e => schedule.LearningRate(e, 0)));
        Assert.Throws<ArgumentException>(() => new MultiStepSchedule(1.0, [(4, 0.5), (4, 0.2)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultiStepSchedule(1.0, [(4, -0.5)]));
    }

    /// <summary>PyTorch's recursive CosineAnnealingLR.get_lr, stepped from t = 0.</summary>
    private static IEnumerable<double> PyTorchRecursiveCosine(double baseLr, double etaMin, int tMax, int steps)
    {
        double lr = baseLr;
        for (int t = 0; t < steps; t++)
        {
            if (t == 0) lr = baseLr;
            else if ((t - 1 - tMax) % (2 * tMax) == 0) lr += (baseLr - etaMin) * (1 - Math.Cos(Math.PI / tMax)) / 2;
            else lr = (1 + Math.Cos(Math.PI * t / tMax)) / (1 + Math.Cos(Math.PI * (t - 1) / tMax)) * (lr - etaMin) + etaMin;
            yield return lr;
        }
    }

    [Fact]
    public void Cosine_closed_form_agrees_with_pytorchs_recursive_form_through_two_periods()
    {
        const int horizon = 10;
        var schedule = new CosineAnnealingSchedule(1e-3, horizon, minLearningRate: 1e-5);
        var recursive = PyTorchRecursiveCosine(1e-3, 1e-5, horizon, 2 * horizon).ToArray();
        for (int t = 0; t < recursive.Length; t++)
            Assert.True(Math.Abs(schedule.LearningRate(t, 0) - recursive[t]) <= 1e-12, $"t = {t}: {schedule.LearningRate(t, 0)} vs {recursive[t]}");
        Assert.Equal(1e-3, schedule.LearningRate(0, 0), 15);
        Assert.Equal(1e-5, schedule.LearningRate(horizon, 0), 15);
        Assert.Equal((1e-3 + 1e-5) / 2, schedule.LearningRate(horizon / 2, 0), 15);
    }

    [Fact]
    public void Cosine_in_steps_reads_the_step_position()
    {
        var schedule = new CosineAnnealingSchedule(1.0, horizon: 100, unit: ScheduleUnit.Step);
        Assert.Equal(0.5, schedule.LearningRate(epoch: 0, step: 50), 12);
        Assert.Equal(1.0, schedule.LearningRate(epoch: 7, step: 0), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingSchedule(1.0, horizon: 0));
    }
}
