using Harmonia.Cli.Conversion;
using Harmonia.Models;
using Harmonia.NN.Serialization;
using Harmonia.Tensors;

namespace Harmonia.Cli.Tests;

/// <summary><c>harmonia average</c>: the element-wise mean of checkpoints' weights.</summary>
public class AverageTests
{
    private static readonly string Checkpoint = TestData.Fixture("hdnet-ngf8", "weights.pth");

    [Fact]
    public void The_average_of_checkpoints_is_their_element_wise_mean_and_runs_alone()
    {
        using var folder = new TemporaryFolder();
        // A second checkpoint of the same network: every weight shifted by one.
        var source = PyTorchCheckpoint.Read(Checkpoint);
        var shifted = new StateDict();
        foreach (var (key, tensor) in source)
            shifted.Add(key, Tensor.FromArray(tensor.Data.Select(v => v + 1f).ToArray(), tensor.Shape), source.GetSourceDType(key));
        File.WriteAllBytes(folder.File("shifted.safetensors"), SafeTensorsFile.ToBytes(shifted));
        var output = folder.File("mean.safetensors");

        var result = CliHarness.Run("average", Checkpoint, folder.File("shifted.safetensors"), "--out", output, "--trained-on", "two checkpoints of a test");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        var written = SafeTensorsFile.Read(output);
        foreach (var key in source.Keys.Where(key => source.GetSourceDType(key) == CheckpointDType.Float32))
            Assert.Equal(source[key].Data.Select(v => (float)((v + (double)(v + 1f)) / 2)).ToArray(), written[key].Data);
        Assert.Contains("weights averaged by 'harmonia average' over 2 checkpoints (weights.pth sha256 ", written.Metadata[CheckpointConverter.ProvenanceKey]);
        Assert.Equal("two checkpoints of a test", written.Metadata[Harmonia.Training.Checkpoints.TrainingCheckpoint.TrainedOnKey]);
        Assert.Equal("hdnet", ModelSpec.FromJson(written.Metadata[ModelCatalog.SpecMetadataKey]).Architecture.Name);
        using var emptyModels = new TemporaryFolder();
        Assert.NotNull(ModelCatalog.Load(null, null, output, emptyModels.Path));
    }

    [Fact]
    public void Checkpoints_of_other_architectures_are_refused_and_nothing_is_written()
    {
        using var folder = new TemporaryFolder();
        var output = folder.File("mean.safetensors");
        var other = TestData.Fixture("hdnet-ngf4", "weights.pth");

        var result = CliHarness.Run("average", Checkpoint, other, "--out", output);

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        // Named as the models they are, not as two specs in JSON.
        Assert.Matches($"^error: average: {System.Text.RegularExpressions.Regex.Escape(other)}: holds hdnet-\\S+ weights.* but {System.Text.RegularExpressions.Regex.Escape(Checkpoint)} holds hdnet-\\S+ weights", line);
        Assert.DoesNotContain("{", line);
        Assert.EndsWith("only checkpoints of one architecture can be averaged", line);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void One_checkpoint_is_a_usage_error()
    {
        using var folder = new TemporaryFolder();
        var result = CliHarness.Run("average", Checkpoint, "--out", folder.File("mean.safetensors"));
        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains("at least two checkpoints", result.Error);
    }
}
