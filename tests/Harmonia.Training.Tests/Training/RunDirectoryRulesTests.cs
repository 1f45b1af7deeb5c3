using Harmonia.NN.Serialization;
using Harmonia.Tensors;
using Harmonia.Training.Checkpoints;

namespace Harmonia.Training.Tests.Training;

/// <summary>A fresh run never overwrites a user's run, and a resume only continues the very same run.</summary>
public class RunDirectoryRulesTests
{
    private static void TrainThreeSteps(string directory)
    {
        using var trainer = Trainer.StartNew(TrainingFixture.Recipe("hdnet", 3), directory, TrainingFixture.Data());
        trainer.Run();
    }

    [Theory]
    [InlineData(RunDirectory.LastCheckpointName)]
    [InlineData(RunDirectory.BestCheckpointName)]
    public void AFreshRunRefusesADirectoryWithCheckpoints(string existing)
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        File.WriteAllText(directory.File(existing), "a user's checkpoint");
        var e = Assert.Throws<TrainingRunException>(() => Trainer.StartNew(TrainingFixture.Recipe("hdnet", 3), directory.Path, TrainingFixture.Data()));
        Assert.Contains("already holds a training run", e.Message);
        Assert.Contains(existing, e.Message);
        Assert.Contains("--resume", e.Message);
        Assert.Equal("a user's checkpoint", File.ReadAllText(directory.File(existing)));
    }

    [Fact]
    public void ResumeRefusesADirectoryWithoutACheckpoint()
    {
        using var directory = new TempDirectory();
        var missing = Assert.Throws<TrainingRunException>(() => Trainer.Resume(TrainingFixture.Recipe("hdnet", 3), directory.Path, TrainingFixture.Data()));
        Assert.Contains("does not exist", missing.Message);
        Directory.CreateDirectory(directory.Path);
        var empty = Assert.Throws<TrainingRunException>(() => Trainer.Resume(TrainingFixture.Recipe("hdnet", 3), directory.Path, TrainingFixture.Data()));
        Assert.Contains("no last.safetensors", empty.Message);
        Assert.Contains("without --resume", empty.Message);
    }

    [Fact]
    public void ResumeRefusesARequestThatDiffersFromTheRunsRecipe()
    {
        using var directory = new TempDirectory();
        TrainThreeSteps(directory.Path);
        var e = Assert.Throws<TrainingRunException>(() => Trainer.Resume(TrainingFixture.Recipe("hdnet", 3, learningRate: 2e-3), directory.Path, TrainingFixture.Data()));
        Assert.Contains("learning rate: 0.001 in the run, 0.002 requested", e.Message);
        var other = Assert.Throws<TrainingRunException>(() => Trainer.Resume(TrainingFixture.Recipe("hdnet", 5), directory.Path, TrainingFixture.Data()));
        Assert.Contains("length: 3 steps in the run, 5 steps requested", other.Message);
        var architecture = Assert.Throws<TrainingRunException>(() => Trainer.Resume(TrainingFixture.Recipe("phnet", 3), directory.Path, TrainingFixture.Data()));
        Assert.Contains("architecture:", architecture.Message);
    }

    [Fact]
    public void ResumeRefusesChangedTrainingData()
    {
        using var directory = new TempDirectory();
        TrainThreeSteps(directory.Path);
        var e = Assert.Throws<TrainingRunException>(() => Trainer.Resume(TrainingFixture.Recipe("hdnet", 3), directory.Path, TrainingFixture.Data(batchesPerEpoch: 5)));
        Assert.Contains("3 batches per epoch", e.Message);
        Assert.Contains("now give 5", e.Message);
    }

    [Fact]
    public void ResumeRefusesAPlainWeightsFile()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        var weights = TrainingFixture.TinyHdnet.Build().ToStateDict();
        SafeTensorsFile.Write(directory.File(RunDirectory.LastCheckpointName), weights);
        var e = Assert.Throws<TrainingRunException>(() => Trainer.Resume(TrainingFixture.Recipe("hdnet", 3), directory.Path, TrainingFixture.Data()));
        Assert.Contains("not a Harmonia training checkpoint", e.Message);
    }

    [Fact]
    public void TwoTrainersCannotShareADirectory()
    {
        using var directory = new TempDirectory();
        using var first = Trainer.StartNew(TrainingFixture.Recipe("hdnet", 3), directory.Path, TrainingFixture.Data());
        var e = Assert.Throws<TrainingRunException>(() => Trainer.StartNew(TrainingFixture.Recipe("hdnet", 3), directory.Path, TrainingFixture.Data()));
        Assert.Contains("another trainer", e.Message);
        first.Dispose();
        // Once the first has let go, the directory is usable again (it has no checkpoint yet).
        using var second = Trainer.StartNew(TrainingFixture.Recipe("hdnet", 3), directory.Path, TrainingFixture.Data());
    }

    [Fact]
    public void BatchesOfTheWrongShapeStopTrainingWithAClearMessage()
    {
        using var directory = new TempDirectory();
        var wrongSize = new SyntheticBatchSource(seed: 1, batchesPerEpoch: 3, batchSize: 2, size: 24);
        using var trainer = Trainer.StartNew(TrainingFixture.Recipe("hdnet", 3), directory.Path, wrongSize);
        var e = Assert.Throws<TrainingRunException>(() => trainer.Run());
        Assert.Contains("[2, 3, 24, 24]", e.Message);
        Assert.Contains("[2, 3, 16, 16]", e.Message);
    }

    [Fact]
    public void ADataSourceThatEndsEarlyStopsTrainingInsteadOfLooping()
    {
        using var directory = new TempDirectory();
        using var trainer = Trainer.StartNew(TrainingFixture.Recipe("hdnet", 6), directory.Path, new ShortSource());
        var e = Assert.Throws<TrainingRunException>(() => trainer.Run());
        Assert.Contains("gave 1 batches for epoch 0", e.Message);
    }

    [Fact]
    public void NoFullBatchIsRefusedUpFront()
    {
        using var directory = new TempDirectory();
        var e = Assert.Throws<TrainingRunException>(() => Trainer.StartNew(TrainingFixture.Recipe("hdnet", 3), directory.Path, TrainingFixture.Data(batchesPerEpoch: 0)));
        Assert.Contains("no full batch", e.Message);
    }

    [Fact]
    public void ADivergedLossStopsTrainingAndNamesTheLastCheckpoint()
    {
        using var directory = new TempDirectory();
        var batch = SyntheticBatchSource.Batch(1, 0, TrainingFixture.Batch, TrainingFixture.Size);
        var poisoned = batch with { Real = Tensor.Full(batch.Real.Shape, float.NaN) };
        using var trainer = Trainer.StartNew(TrainingFixture.Recipe("hdnet", 3), directory.Path, new FixedBatchSource(poisoned, 3));
        var e = Assert.Throws<TrainingRunException>(() => trainer.Run());
        Assert.Contains("became NaN at step 1", e.Message);
    }

    /// <summary>Claims 3 batches per epoch but yields only one.</summary>
    private sealed class ShortSource : Harmonia.Data.IBatchSource
    {
        public int BatchesPerEpoch => 3;

        public IEnumerable<Harmonia.Data.HarmonizationBatch> Epoch(int epoch, int skipBatches = 0)
        {
            yield return SyntheticBatchSource.Batch(1, 0, TrainingFixture.Batch, TrainingFixture.Size);
        }
    }
}
