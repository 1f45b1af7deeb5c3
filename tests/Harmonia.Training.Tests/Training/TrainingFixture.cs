using Harmonia.Models;
using Harmonia.Models.Hdnet;
using Harmonia.Models.Phnet;
using Harmonia.NN;
using Harmonia.Tensors;
using Harmonia.Training.Recipes;

namespace Harmonia.Training.Tests.Training;

/// <summary>Tiny networks and recipes that train in milliseconds, and bit-level comparisons.</summary>
internal static class TrainingFixture
{
    public const int Size = 16;
    public const int Batch = 2;

    /// <summary>HDNet-lite shrunk further: ngf 2.</summary>
    public static ModelSpec TinyHdnet { get; } = HdnetArchitecture.Instance.Spec(new HdnetConfig { Ngf = 2 });

    /// <summary>PHNet with a few channels per level; keeps its BatchNorm layers (running statistics are buffers).</summary>
    public static ModelSpec TinyPhnet { get; } = PhnetArchitecture.Instance.Spec(new PhnetConfig { EncSizes = [3, 4, 4, 8, 8, 8, 8], GridCounts = [2, 1] });

    public static ModelSpec Spec(string architecture) => architecture == "hdnet" ? TinyHdnet : TinyPhnet;

    /// <summary>The architecture's published recipe at tiny scale, measured in steps.</summary>
    public static TrainingRecipe Recipe(string architecture, int steps, ulong seed = 7, double? learningRate = null)
        => RecipeDefaults.ForSpec(Spec(architecture), new RecipeOverrides(Steps: steps, BatchSize: Batch, ImageSize: Size, Seed: seed, LearningRate: learningRate), $"{architecture}-tiny");

    public static SyntheticBatchSource Data(ulong seed = 7, int batchesPerEpoch = 3) => new(seed, batchesPerEpoch, Batch, Size);

    /// <summary>Asserts two state dicts hold the same names in the same order with bit-identical values.</summary>
    public static void AssertBitIdentical(IEnumerable<KeyValuePair<string, Tensor>> expected, IEnumerable<KeyValuePair<string, Tensor>> actual, string what)
    {
        var e = expected.ToList();
        var a = actual.ToList();
        Assert.Equal(e.Select(kv => kv.Key), a.Select(kv => kv.Key));
        for (int i = 0; i < e.Count; i++)
        {
            Assert.Equal(e[i].Value.Shape, a[i].Value.Shape);
            var expectedBits = e[i].Value.Data.Select(BitConverter.SingleToInt32Bits).ToArray();
            var actualBits = a[i].Value.Data.Select(BitConverter.SingleToInt32Bits).ToArray();
            if (!expectedBits.SequenceEqual(actualBits))
                Assert.Fail($"{what}: '{e[i].Key}' differs (first mismatch at element {Enumerable.Range(0, expectedBits.Length).First(j => expectedBits[j] != actualBits[j])})");
        }
    }

    /// <summary>The optimizer state sorted by name (ExportState returns a dictionary).</summary>
    public static IEnumerable<KeyValuePair<string, Tensor>> Sorted(IReadOnlyDictionary<string, Tensor> state)
        => state.OrderBy(kv => kv.Key, StringComparer.Ordinal);
}

/// <summary>A directory under the system temp folder, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "harmonia-trainer-tests", Guid.NewGuid().ToString("N"));
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Records the trainer's events; can throw at a given step to simulate the process being killed.</summary>
internal sealed class RecordingMonitor(int? killAfterStep = null) : ITrainingMonitor
{
    public List<TrainingProgress> Steps { get; } = [];
    public List<(Harmonia.Training.Validation.ValidationReport Report, bool Improved)> Validations { get; } = [];
    public List<(string Path, int Step)> Checkpoints { get; } = [];

    public void OnStep(TrainingProgress progress)
    {
        Steps.Add(progress);
        if (progress.Step == killAfterStep) throw new SimulatedKill(progress.Step);
    }

    public void OnValidation(Harmonia.Training.Validation.ValidationReport report, bool improved) => Validations.Add((report, improved));

    public void OnCheckpoint(string path, int step) => Checkpoints.Add((path, step));
}

/// <summary>Stands for the process dying: nothing after the throw runs.</summary>
internal sealed class SimulatedKill(int step) : Exception($"simulated kill after step {step}");
