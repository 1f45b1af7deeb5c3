using System.Text.Json;
using Harmonia.Training.Checkpoints;
using Harmonia.Training.Validation;

namespace Harmonia.Training.Tests.Training;

/// <summary>log.jsonl: one JSON object per line, with the documented fields, never corrupted by an earlier torn line.</summary>
public class TrainingLogTests
{
    private static List<JsonElement> Records(string path)
        => File.ReadAllLines(path).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    [Fact]
    public void EveryLineIsAJsonRecordWithTheDocumentedFields()
    {
        using var directory = new TempDirectory();
        var monitor = new RecordingMonitor();
        var heldOut = ValidationSet.From([SyntheticBatchSource.Batch(99, 0, TrainingFixture.Batch, TrainingFixture.Size)]);
        using (var trainer = Trainer.StartNew(TrainingFixture.Recipe("hdnet", 5), directory.Path, TrainingFixture.Data(), heldOut,
            new TrainerOptions { LogEvery = 2, CheckpointEvery = 4, Monitor = monitor }))
            trainer.Run();

        var records = Records(directory.File(RunDirectory.LogName));
        var events = records.Select(r => r.GetProperty("event").GetString()).ToList();
        // train at 2, validation at the end of epoch 0 (step 3), train at 4 + checkpoint at 4, and after the last step
        // (5): train, validation, checkpoint (last) — best checkpoints appear when validation improves.
        Assert.Equal("start", events[0]);
        Assert.Equal("end", events[^1]);
        Assert.Equal([2, 4, 5], records.Where(r => r.GetProperty("event").GetString() == "train").Select(r => r.GetProperty("step").GetInt32()));
        Assert.Equal([3, 5], records.Where(r => r.GetProperty("event").GetString() == "validation").Select(r => r.GetProperty("step").GetInt32()));
        Assert.Equal([4, 5], records.Where(r => r.GetProperty("event").GetString() == "checkpoint" && r.GetProperty("file").GetString() == RunDirectory.LastCheckpointName)
            .Select(r => r.GetProperty("step").GetInt32()));

        var start = records[0];
        Assert.Equal(0, start.GetProperty("step").GetInt32());
        Assert.Equal(5, start.GetProperty("total_steps").GetInt32());
        Assert.Equal(3, start.GetProperty("batches_per_epoch").GetInt32());
        Assert.Equal("hdnet-tiny", start.GetProperty("recipe").GetProperty("model").GetString());

        var losses = monitor.Steps.Select(s => s.Loss).ToArray();
        var trains = records.Where(r => r.GetProperty("event").GetString() == "train").ToList();
        // Each record's loss is the mean over the steps since the previous one.
        Assert.Equal((losses[0] + losses[1]) / 2, trains[0].GetProperty("loss").GetDouble());
        Assert.Equal((losses[2] + losses[3]) / 2, trains[1].GetProperty("loss").GetDouble());
        Assert.Equal(losses[4], trains[2].GetProperty("loss").GetDouble());
        Assert.Equal([2, 2, 1], trains.Select(t => t.GetProperty("steps_averaged").GetInt32()));
        Assert.Equal([0, 1, 1], trains.Select(t => t.GetProperty("epoch").GetInt32()));
        Assert.Equal(monitor.Steps[1].LearningRate, trains[0].GetProperty("lr").GetDouble());
        foreach (var t in trains)
        {
            Assert.True(t.GetProperty("images_per_second").GetDouble() > 0);
            Assert.True(t.GetProperty("elapsed_seconds").GetDouble() > 0);
        }
        var validation = records.First(r => r.GetProperty("event").GetString() == "validation");
        Assert.Equal(monitor.Validations[0].Report.MeanPsnr, validation.GetProperty("psnr").GetDouble());
        Assert.Equal(monitor.Validations[0].Report.MeanFmse, validation.GetProperty("fmse").GetDouble());
        Assert.Equal(2, validation.GetProperty("images").GetInt32());
        Assert.True(validation.GetProperty("improved").GetBoolean());
        Assert.Equal("completed", records[^1].GetProperty("reason").GetString());
    }

    [Fact]
    public void AResumedRunAppendsAResumeRecordAndKeepsTheEarlierLines()
    {
        using var directory = new TempDirectory();
        var recipe = TrainingFixture.Recipe("hdnet", 4);
        using (var trainer = Trainer.StartNew(recipe, directory.Path, TrainingFixture.Data(), options: new TrainerOptions { LogEvery = 1, CheckpointEvery = 2, Monitor = new RecordingMonitor(killAfterStep: 3) }))
            Assert.Throws<SimulatedKill>(() => trainer.Run());
        using (var trainer = Trainer.Resume(recipe, directory.Path, TrainingFixture.Data(), options: new TrainerOptions { LogEvery = 1, CheckpointEvery = 2 }))
            trainer.Run();

        var records = Records(directory.File(RunDirectory.LogName));
        var trainSteps = records.Where(r => r.GetProperty("event").GetString() == "train").Select(r => r.GetProperty("step").GetInt32());
        Assert.Equal([1, 2, 3, 3, 4], trainSteps); // step 3 ran twice: once before the kill, once after resuming from step 2
        var resume = Assert.Single(records, r => r.GetProperty("event").GetString() == "resume");
        Assert.Equal(2, resume.GetProperty("step").GetInt32());
    }

    [Fact]
    public void ATornLastLineFromAKilledWriteStaysIsolated()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        string log = directory.File(RunDirectory.LogName);
        File.WriteAllText(log, "{\"event\":\"start\",\"step\":0}\n{\"event\":\"train\",\"st");

        using (var trainer = Trainer.StartNew(TrainingFixture.Recipe("hdnet", 3), directory.Path, TrainingFixture.Data(), options: new TrainerOptions { LogEvery = 1 }))
            trainer.Run();

        var lines = File.ReadAllLines(log);
        Assert.Equal("{\"event\":\"train\",\"st", lines[1]);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(lines[1]));
        foreach (var line in lines.Skip(2)) JsonDocument.Parse(line).Dispose();
        Assert.Equal("start", JsonDocument.Parse(lines[2]).RootElement.GetProperty("event").GetString());
        Assert.EndsWith("\n", File.ReadAllText(log));
    }
}
