using System.Globalization;
using Harmonia.Models;
using Harmonia.NN.Serialization;
using Harmonia.Tensors;
using Harmonia.Tensors.Random;
using Harmonia.Training.Checkpoints;
using Harmonia.Training.Recipes;
using Harmonia.Training.Validation;

namespace Harmonia.Training.Tests.Training;

/// <summary>
/// A checkpoint is one safetensors file with the weights under their state_dict names, the
/// optimizer state under optimizer.*, and metadata enough to run it alone or resume it.
/// </summary>
public class CheckpointContentsTests
{
    private static ValidationSet HeldOut() => ValidationSet.From([SyntheticBatchSource.Batch(seed: 99, index: 0, TrainingFixture.Batch, TrainingFixture.Size)]);

    [Fact]
    public void CheckpointsRecordWhatTheRunTrainsOn()
    {
        using var directory = new TempDirectory();
        var recipe = TrainingFixture.Recipe("hdnet", steps: 3, seed: 5);
        var options = new TrainerOptions { CheckpointEvery = 10, TrainedOn = "Lalonde of data: 12 composites, 3 held out" };
        using var trainer = Trainer.StartNew(recipe, directory.Path, TrainingFixture.Data(seed: 5), options: options);
        trainer.Run();

        var metadata = SafeTensorsFile.Read(directory.File(RunDirectory.LastCheckpointName)).Metadata;
        Assert.Equal("Lalonde of data: 12 composites, 3 held out", metadata[TrainingCheckpoint.TrainedOnKey]);
    }

    [Theory]
    [InlineData("hdnet")]
    [InlineData("phnet")]
    public void LastCheckpointHoldsWeightsOptimizerStateAndMetadata(string architecture)
    {
        using var directory = new TempDirectory();
        var recipe = TrainingFixture.Recipe(architecture, steps: 4, seed: 11);
        using var trainer = Trainer.StartNew(recipe, directory.Path, TrainingFixture.Data(seed: 11), options: new TrainerOptions { CheckpointEvery = 10 });
        trainer.Run();

        var raw = SafeTensorsFile.Read(directory.File(RunDirectory.LastCheckpointName));
        var modelNames = trainer.Network.StateEntries().Select(e => e.Name).ToList();
        var optimizerState = trainer.Optimizer.ExportState();
        Assert.Equal(modelNames, raw.Keys.Take(modelNames.Count));
        Assert.Equal(optimizerState.Keys.Select(k => TrainingCheckpoint.OptimizerPrefix + k).Order(StringComparer.Ordinal),
            raw.Keys.Skip(modelNames.Count).Order(StringComparer.Ordinal));
        TrainingFixture.AssertBitIdentical(trainer.Network.ToStateDict(), TrainingCheckpoint.ModelOnly(raw), "weights in the file");

        var metadata = raw.Metadata;
        Assert.Equal("1", metadata[TrainingCheckpoint.FormatKey]);
        Assert.Equal(recipe.Spec.ToJson(), metadata[ModelCatalog.SpecMetadataKey]);
        Assert.Empty(recipe.Differences(TrainingRecipe.FromJson(metadata[TrainingCheckpoint.RecipeKey])));
        Assert.Equal("4", metadata[TrainingCheckpoint.StepKey]);
        Assert.Equal("1", metadata[TrainingCheckpoint.EpochKey]); // 4 steps of 3-batch epochs: the next step is in epoch 1
        Assert.Equal("3", metadata[TrainingCheckpoint.BatchesPerEpochKey]);
        Assert.Equal("11", metadata[TrainingCheckpoint.LoaderSeedKey]);
        Assert.False(metadata.ContainsKey(TrainingCheckpoint.BestPsnrKey)); // no validation in this run
        Assert.False(metadata.ContainsKey(TrainingCheckpoint.TrainedOnKey)); // the run did not describe its data
        Assert.True(double.Parse(metadata[TrainingCheckpoint.ElapsedKey], CultureInfo.InvariantCulture) > 0);

        // The RNG state is the trainer's generator after drawing the initial weights.
        var rng = new RandomGenerator(11);
        RecipeComponents.CreateNetwork(recipe, rng);
        Assert.Equal(string.Join(",", rng.GetState().Select(w => w.ToString("x16", CultureInfo.InvariantCulture))), metadata[TrainingCheckpoint.RngStateKey]);

        var read = TrainingCheckpoint.Read(directory.File(RunDirectory.LastCheckpointName));
        Assert.Equal(rng.GetState(), read.Position.RngState);
        Assert.Equal((4, 1, 3, 11UL), (read.Position.Step, read.Position.Epoch, read.Position.BatchesPerEpoch, read.Position.LoaderSeed));
        TrainingFixture.AssertBitIdentical(TrainingFixture.Sorted(optimizerState), TrainingFixture.Sorted(read.OptimizerState), "optimizer state");
    }

    [Theory]
    [InlineData("hdnet")]
    [InlineData("phnet")]
    public void TheCheckpointFileAloneLoadsForInferenceThroughTheModelCatalog(string architecture)
    {
        using var directory = new TempDirectory();
        using var trainer = Trainer.StartNew(TrainingFixture.Recipe(architecture, steps: 3), directory.Path, TrainingFixture.Data(), options: new TrainerOptions());
        trainer.Run();

        var loaded = Assert.IsType<NetworkHarmonizer>(ModelCatalog.Load(null, null, directory.File(RunDirectory.LastCheckpointName), "/nonexistent-bundled-models"));
        Assert.Equal(TrainingFixture.Spec(architecture).ToJson(), loaded.Spec.ToJson());

        var batch = SyntheticBatchSource.Batch(seed: 1, index: 0, TrainingFixture.Batch, TrainingFixture.Size);
        var expected = new NetworkHarmonizer("trained", trainer.Recipe.Spec, trainer.Network).Harmonize(batch.Composite, batch.Mask);
        var actual = loaded.Harmonize(batch.Composite, batch.Mask);
        Assert.Equal(expected.Data, actual.Data);
    }

    [Fact]
    public void ModelOnlyDropsTheOptimizerEntriesAndKeepsTheMetadata()
    {
        var checkpoint = new StateDict();
        checkpoint.Add("layer.weight", Tensor.Ones(2));
        checkpoint.Add("bn.num_batches_tracked", Tensor.Zeros(1), CheckpointDType.Int64);
        checkpoint.Add("optimizer.layer.weight.exp_avg", Tensor.Ones(2));
        checkpoint.Metadata["harmonia.model"] = "{}";
        var model = TrainingCheckpoint.ModelOnly(checkpoint);
        Assert.Equal(["layer.weight", "bn.num_batches_tracked"], model.Keys);
        Assert.Equal(CheckpointDType.Int64, model.GetSourceDType("bn.num_batches_tracked"));
        Assert.Equal("{}", model.Metadata["harmonia.model"]);
    }

    [Fact]
    public void BestCheckpointFollowsTheBestValidationPsnr()
    {
        using var directory = new TempDirectory();
        var monitor = new RecordingMonitor();
        using var trainer = Trainer.StartNew(TrainingFixture.Recipe("hdnet", steps: 6, learningRate: 1e-2), directory.Path, TrainingFixture.Data(), HeldOut(),
            new TrainerOptions { ValidateEvery = 1, CheckpointEvery = 100, Monitor = monitor });
        trainer.Run();

        Assert.Equal(6, monitor.Validations.Count);
        var best = monitor.Validations.MaxBy(v => v.Report.MeanPsnr);
        Assert.Equal(best.Report.MeanPsnr, trainer.BestPsnr);
        Assert.Equal(best.Report.Step, trainer.BestStep);
        // "improved" is set exactly when a validation beats every earlier one.
        double running = double.NegativeInfinity;
        foreach (var (report, improved) in monitor.Validations)
        {
            Assert.Equal(report.MeanPsnr > running, improved);
            running = Math.Max(running, report.MeanPsnr);
        }
        Assert.Equal(monitor.Validations.Count(v => v.Improved), monitor.Checkpoints.Count(c => c.Path.EndsWith(RunDirectory.BestCheckpointName, StringComparison.Ordinal)));

        var bestFile = TrainingCheckpoint.Read(directory.File(RunDirectory.BestCheckpointName));
        Assert.Equal(best.Report.Step, bestFile.Position.Step);
        Assert.Equal(best.Report.MeanPsnr, bestFile.Position.BestPsnr);
        Assert.Equal(best.Report.Step, bestFile.Position.BestStep);
        var last = TrainingCheckpoint.Read(directory.File(RunDirectory.LastCheckpointName));
        Assert.Equal(best.Report.MeanPsnr, last.Position.BestPsnr);
    }

    [Fact]
    public void ValidationScoresTheBlendedOutputAsInferenceDoes()
    {
        using var directory = new TempDirectory();
        var monitor = new RecordingMonitor();
        var heldOut = SyntheticBatchSource.Batch(seed: 99, index: 0, TrainingFixture.Batch, TrainingFixture.Size);
        using var trainer = Trainer.StartNew(TrainingFixture.Recipe("phnet", steps: 3), directory.Path, TrainingFixture.Data(), ValidationSet.From([heldOut]),
            new TrainerOptions { Monitor = monitor });
        trainer.Run();

        // Validation ran at the end of epoch 0 (step 3) — once, as that is also the last step.
        var (report, _) = Assert.Single(monitor.Validations);
        Assert.Equal(3, report.Step);
        var scores = new HarmonizationScores();
        scores.Add(new NetworkHarmonizer("check", trainer.Recipe.Spec, trainer.Network).Harmonize(heldOut.Composite, heldOut.Mask), heldOut.Real, heldOut.Mask);
        Assert.Equal(scores.MeanPsnr, report.MeanPsnr);
        Assert.Equal(scores.MeanFmse, report.MeanFmse);
        Assert.Equal(2, report.Images);
    }
}
