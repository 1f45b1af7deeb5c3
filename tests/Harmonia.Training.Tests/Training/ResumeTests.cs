using Harmonia.Training.Checkpoints;

namespace Harmonia.Training.Tests.Training;

/// <summary>
/// A run that is killed and resumed from last.safetensors ends bit-identical to a run that was
/// never interrupted: same weights, same BatchNorm statistics, same optimizer state.
/// </summary>
public class ResumeTests
{
    private static readonly TrainerOptions EveryTwoSteps = new() { CheckpointEvery = 2, LogEvery = 1 };

    private static (Harmonia.NN.Serialization.StateDict Weights, IReadOnlyDictionary<string, Harmonia.Tensors.Tensor> Optimizer) TrainStraight(string architecture, int steps, int batchesPerEpoch)
    {
        using var directory = new TempDirectory();
        using var trainer = Trainer.StartNew(TrainingFixture.Recipe(architecture, steps), directory.Path, TrainingFixture.Data(batchesPerEpoch: batchesPerEpoch), options: EveryTwoSteps);
        var summary = trainer.Run();
        Assert.True(summary.Completed);
        Assert.Equal(steps, trainer.Step);
        return (trainer.Network.ToStateDict(), trainer.Optimizer.ExportState());
    }

    [Theory]
    [InlineData("hdnet", 2)]   // killed right after a checkpoint
    [InlineData("hdnet", 3)]   // killed one step after it: step 3 is lost and redone
    [InlineData("phnet", 2)]
    [InlineData("phnet", 3)]
    public void KilledAndResumedRunMatchesAnUninterruptedOne(string architecture, int killAfterStep)
    {
        // 4 steps over epochs of 3 batches: the resumed run crosses an epoch boundary, the HDNet
        // schedule decays at steps 2 and 3, and the PHNet stages (2 + 1 + 1 steps) change the
        // frozen modules at steps 2 and 3.
        const int steps = 4;
        var straight = TrainStraight(architecture, steps, batchesPerEpoch: 3);

        using var directory = new TempDirectory();
        var recipe = TrainingFixture.Recipe(architecture, steps);
        using (var first = Trainer.StartNew(recipe, directory.Path, TrainingFixture.Data(), options: EveryTwoSteps with { Monitor = new RecordingMonitor(killAfterStep) }))
            Assert.Throws<SimulatedKill>(() => first.Run());

        var data = TrainingFixture.Data();
        using var resumed = Trainer.Resume(recipe, directory.Path, data, options: EveryTwoSteps);
        Assert.Equal(2, resumed.Step);
        Assert.Equal(0, resumed.Epoch);
        resumed.Run();
        Assert.Equal(steps, resumed.Step);
        Assert.Equal(steps - 2, data.BatchesProduced);

        TrainingFixture.AssertBitIdentical(straight.Weights, resumed.Network.ToStateDict(), "weights and buffers");
        TrainingFixture.AssertBitIdentical(TrainingFixture.Sorted(straight.Optimizer), TrainingFixture.Sorted(resumed.Optimizer.ExportState()), "optimizer state");
        // And the file on disk holds that same final state.
        var saved = TrainingCheckpoint.Read(System.IO.Path.Combine(directory.Path, RunDirectory.LastCheckpointName));
        TrainingFixture.AssertBitIdentical(straight.Weights, saved.Model, "saved weights");
        Assert.Equal(steps, saved.Position.Step);
    }

    [Theory]
    [InlineData("hdnet")]
    [InlineData("phnet")]
    public void TheComparisonCanFail_ThreeStepsDifferFromFour(string architecture)
    {
        // Guards the test above: were training a no-op, a wrong resume would still compare equal.
        var three = TrainStraight(architecture, 3, batchesPerEpoch: 3);
        var four = TrainStraight(architecture, 4, batchesPerEpoch: 3);
        var exception = Record.Exception(() => TrainingFixture.AssertBitIdentical(three.Weights, four.Weights, "weights"));
        Assert.NotNull(exception);
    }

    [Fact]
    public void ResumingAFinishedRunTakesNoStep()
    {
        using var directory = new TempDirectory();
        var recipe = TrainingFixture.Recipe("hdnet", 3);
        using (var trainer = Trainer.StartNew(recipe, directory.Path, TrainingFixture.Data(), options: EveryTwoSteps))
            trainer.Run();
        var data = TrainingFixture.Data();
        using var resumed = Trainer.Resume(recipe, directory.Path, data, options: EveryTwoSteps);
        Assert.True(resumed.IsComplete);
        var summary = resumed.Run();
        Assert.True(summary.Completed);
        Assert.Equal(0, data.BatchesProduced);
    }

    [Fact]
    public void CancellationSavesTheCurrentStateAndResumeContinuesFromIt()
    {
        var straight = TrainStraight("hdnet", 4, batchesPerEpoch: 3);
        using var directory = new TempDirectory();
        var recipe = TrainingFixture.Recipe("hdnet", 4);
        using var cancellation = new CancellationTokenSource();
        var monitor = new CancellingMonitor(cancellation, atStep: 3);
        using (var trainer = Trainer.StartNew(recipe, directory.Path, TrainingFixture.Data(), options: new TrainerOptions { CheckpointEvery = 100, Monitor = monitor }))
        {
            var summary = trainer.Run(cancellation.Token);
            Assert.True(summary.Cancelled);
            Assert.False(summary.Completed);
            Assert.Equal(3, summary.Step);
        }
        using var resumed = Trainer.Resume(recipe, directory.Path, TrainingFixture.Data(), options: new TrainerOptions { CheckpointEvery = 100 });
        Assert.Equal(3, resumed.Step);
        resumed.Run();
        TrainingFixture.AssertBitIdentical(straight.Weights, resumed.Network.ToStateDict(), "weights");
        TrainingFixture.AssertBitIdentical(TrainingFixture.Sorted(straight.Optimizer), TrainingFixture.Sorted(resumed.Optimizer.ExportState()), "optimizer state");
    }

    private sealed class CancellingMonitor(CancellationTokenSource source, int atStep) : ITrainingMonitor
    {
        public void OnStep(TrainingProgress progress)
        {
            if (progress.Step == atStep) source.Cancel();
        }
    }
}
