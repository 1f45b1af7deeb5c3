using Harmonia.NN.Serialization;
using Harmonia.Training.Checkpoints;

namespace Harmonia.Training.Tests.Training;

/// <summary>
/// Killing the trainer at any moment never leaves a corrupt or missing checkpoint: a crash in
/// the middle of a checkpoint write leaves the previous one intact, and the half-written
/// temporary file is removed at the next start.
/// </summary>
public class KillSafetyTests
{
    /// <summary>
    /// The name pattern of SafeTensorsFile.Write's temporary files (".&lt;target&gt;.&lt;id&gt;.tmp",
    /// next to the target) — what a process killed mid-write leaves behind.
    /// </summary>
    private static string TemporaryFor(string target)
        => Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");

    /// <summary>A writer that dies half way through its <paramref name="failOnCall"/>-th write of last.safetensors.</summary>
    private sealed class CrashingWriter(int failOnCall)
    {
        private int lastWrites;

        public void Write(string path, StateDict state)
        {
            if (Path.GetFileName(path) == RunDirectory.LastCheckpointName && ++lastWrites == failOnCall)
            {
                var bytes = SafeTensorsFile.ToBytes(state);
                File.WriteAllBytes(TemporaryFor(path), bytes[..(bytes.Length / 2)]);
                throw new IOException("simulated crash in the middle of a checkpoint write");
            }
            SafeTensorsFile.Write(path, state);
        }
    }

    [Theory]
    [InlineData("hdnet")]
    [InlineData("phnet")]
    public void ACrashMidWriteKeepsThePreviousCheckpointAndTheRunResumesFromItExactly(string architecture)
    {
        const int steps = 4;
        var recipe = TrainingFixture.Recipe(architecture, steps);
        Harmonia.NN.Serialization.StateDict straight;
        using (var reference = new TempDirectory())
        using (var trainer = Trainer.StartNew(recipe, reference.Path, TrainingFixture.Data(), options: new TrainerOptions { CheckpointEvery = 1 }))
        {
            trainer.Run();
            straight = trainer.Network.ToStateDict();
        }

        using var directory = new TempDirectory();
        var crashing = new CrashingWriter(failOnCall: 2);
        using (var trainer = Trainer.StartNew(recipe, directory.Path, TrainingFixture.Data(), options: new TrainerOptions { CheckpointEvery = 1, CheckpointWriter = crashing.Write }))
            Assert.Throws<IOException>(() => trainer.Run());

        // The previous checkpoint (step 1) is still there and complete; the torn write lies beside it.
        var previous = TrainingCheckpoint.Read(directory.File(RunDirectory.LastCheckpointName));
        Assert.Equal(1, previous.Position.Step);
        var leftover = Assert.Single(Directory.GetFiles(directory.Path, "*.tmp"));
        Assert.ThrowsAny<Exception>(() => SafeTensorsFile.Read(leftover));

        using var resumed = Trainer.Resume(recipe, directory.Path, TrainingFixture.Data(), options: new TrainerOptions { CheckpointEvery = 1 });
        Assert.Empty(Directory.GetFiles(directory.Path, "*.tmp"));
        Assert.Equal(1, resumed.Step);
        resumed.Run();
        TrainingFixture.AssertBitIdentical(straight, resumed.Network.ToStateDict(), "weights after the crash and resume");
    }

    [Fact]
    public void AStaleTemporaryFileFromAKilledFirstCheckpointDoesNotBlockAFreshRun()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Path);
        string stale = TemporaryFor(directory.File(RunDirectory.LastCheckpointName));
        File.WriteAllBytes(stale, [1, 2, 3]);
        string unrelated = directory.File(".notes.tmp");
        File.WriteAllText(unrelated, "not ours");

        using var trainer = Trainer.StartNew(TrainingFixture.Recipe("hdnet", 3), directory.Path, TrainingFixture.Data());
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(unrelated));
        trainer.Run();
        Assert.Equal(3, TrainingCheckpoint.Read(directory.File(RunDirectory.LastCheckpointName)).Position.Step);
    }

    [Fact]
    public void ATruncatedCheckpointIsReportedNotCrashedOn()
    {
        // Only a writer that is not atomic could leave this; resume must still fail cleanly.
        using var directory = new TempDirectory();
        using (var trainer = Trainer.StartNew(TrainingFixture.Recipe("hdnet", 3), directory.Path, TrainingFixture.Data()))
            trainer.Run();
        string last = directory.File(RunDirectory.LastCheckpointName);
        var bytes = File.ReadAllBytes(last);
        File.WriteAllBytes(last, bytes[..(bytes.Length - 100)]);
        var e = Assert.Throws<TrainingRunException>(() => Trainer.Resume(TrainingFixture.Recipe("hdnet", 3), directory.Path, TrainingFixture.Data()));
        Assert.Contains("cannot resume from", e.Message);
    }
}
