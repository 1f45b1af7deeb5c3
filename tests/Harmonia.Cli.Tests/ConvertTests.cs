using System.Security.Cryptography;
using Harmonia.Cli.Conversion;
using Harmonia.Imaging;
using Harmonia.Models;
using Harmonia.NN.Serialization;

namespace Harmonia.Cli.Tests;

public class ConvertTests
{
    private static readonly string Checkpoint = TestData.Fixture("hdnet-ngf8", "weights.pth");

    [Fact]
    public void Converted_checkpoint_runs_alone_with_spec_and_provenance_in_its_metadata()
    {
        using var folder = new TemporaryFolder();
        var output = folder.File("lite.safetensors");

        var result = CliHarness.Run("convert", Checkpoint, output, "--trained-on", "the fixture's weights");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("the fixture's weights", SafeTensorsFile.Read(output).Metadata[Harmonia.Training.Checkpoints.TrainingCheckpoint.TrainedOnKey]);
        var written = SafeTensorsFile.Read(output);
        var spec = ModelSpec.FromJson(written.Metadata[ModelCatalog.SpecMetadataKey]);
        Assert.Equal("hdnet", spec.Architecture.Name);
        Assert.Equal(8, Assert.IsType<Harmonia.Models.Hdnet.HdnetConfig>(spec.Config).Ngf);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Checkpoint)));
        Assert.Equal(sha256, written.Metadata[CheckpointConverter.SourceSha256Key]);
        Assert.Equal("weights.pth", written.Metadata[CheckpointConverter.SourceFileKey]);
        Assert.True(DateTimeOffset.TryParse(written.Metadata[CheckpointConverter.ConvertedAtKey], out _));
        Assert.Contains(sha256, written.Metadata[CheckpointConverter.ProvenanceKey]);

        // Same tensors as the source, and the file alone (no --model, no --config) is enough to run.
        var source = PyTorchCheckpoint.Read(Checkpoint);
        Assert.Equal(source.Keys.Order(StringComparer.Ordinal), written.Keys.Order(StringComparer.Ordinal));
        Assert.All(source.Keys, key => Assert.Equal(source[key].Data, written[key].Data));
        using var emptyModels = new TemporaryFolder();
        var harmonizer = ModelCatalog.Load(null, null, output, emptyModels.Path);
        var composite = TestPictures.Composite(32, 32);
        var harmonized = new ImageHarmonizer(harmonizer).Harmonize(composite, Mask.FromImage(TestPictures.Mask(32, 32)), null);
        Assert.NotEqual(composite.Pixels, harmonized.Pixels);
    }

    [Fact]
    public void Config_that_does_not_fit_the_weights_is_an_error_and_writes_nothing()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("cfg.json"), """{"architecture":"hdnet","ngf":4}""");

        var result = CliHarness.Run("convert", Checkpoint, folder.File("out.safetensors"), "--config", folder.File("cfg.json"));

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("wrong shape", line);
        Assert.Contains(Checkpoint, line);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.safetensors*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(folder.Path, ".out.safetensors*"));
    }

    [Fact]
    public void Matching_config_is_used_for_the_spec()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("cfg.json"), """{"architecture":"hdnet","ngf":8,"ld_similarity":"cosine"}""");

        var result = CliHarness.Run("convert", Checkpoint, folder.File("out.safetensors"), "--config", folder.File("cfg.json"));

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var spec = ModelSpec.FromJson(SafeTensorsFile.Read(folder.File("out.safetensors")).Metadata[ModelCatalog.SpecMetadataKey]);
        Assert.Equal(Harmonia.Models.Hdnet.LdSimilarity.Cosine, Assert.IsType<Harmonia.Models.Hdnet.HdnetConfig>(spec.Config).LdSimilarity);
    }

    [Fact]
    public void Existing_output_is_kept_unless_overwrite_is_given()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("out.safetensors"), "keep me");

        var refused = CliHarness.Run("convert", Checkpoint, folder.File("out.safetensors"));

        Assert.Equal(ExitCodes.RuntimeError, refused.ExitCode);
        Assert.Equal([$"error: convert: {folder.File("out.safetensors")}: exists; pass --overwrite to replace it"], refused.ErrorLines);
        Assert.Equal("keep me", File.ReadAllText(folder.File("out.safetensors")));

        Assert.Equal(ExitCodes.Success, CliHarness.Run("convert", Checkpoint, folder.File("out.safetensors"), "--overwrite").ExitCode);
        Assert.True(SafeTensorsFile.Read(folder.File("out.safetensors")).Count > 0);
    }

    [Fact]
    public void An_input_is_never_the_output_even_with_overwrite()
    {
        using var folder = new TemporaryFolder();
        string weights = folder.File("model.safetensors");
        Assert.Equal(ExitCodes.Success, CliHarness.Run("convert", Checkpoint, weights).ExitCode);
        byte[] before = File.ReadAllBytes(weights);

        // The same file named another way, for convert and for average.
        string sameFile = Path.Combine(folder.Path, ".", "model.safetensors");
        var converted = CliHarness.Run("convert", weights, sameFile, "--overwrite");
        var averaged = CliHarness.Run("average", Checkpoint, weights, "--out", weights, "--overwrite");

        foreach (var refused in new[] { converted, averaged })
        {
            Assert.Equal(ExitCodes.RuntimeError, refused.ExitCode);
            Assert.Contains("is also an input", Assert.Single(refused.ErrorLines));
        }
        Assert.Equal(before, File.ReadAllBytes(weights));
    }

    [Fact]
    public void Weights_of_no_known_architecture_ask_for_a_config()
    {
        using var folder = new TemporaryFolder();
        var unknown = new StateDict();
        unknown.Add("encoder.weight", Harmonia.Tensors.Tensor.Zeros(2, 2));
        SafeTensorsFile.Write(folder.File("odd.safetensors"), unknown);

        var result = CliHarness.Run("convert", folder.File("odd.safetensors"), folder.File("out.safetensors"));

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.Equal(
            [$"error: convert: {folder.File("odd.safetensors")}: cannot tell the architecture from its tensor names (no hdnet or hdnet-affine or phnet or phnet-affine keys); pass --config CFG.json"],
            result.ErrorLines);
        Assert.False(File.Exists(folder.File("out.safetensors")));
    }

    [Fact]
    public void A_file_that_is_not_a_checkpoint_is_a_one_line_error()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("junk.pth"), "this is not a zip file");

        var result = CliHarness.Run("convert", folder.File("junk.pth"), folder.File("out.safetensors"));

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.Contains(folder.File("junk.pth"), Assert.Single(result.ErrorLines));
        Assert.False(File.Exists(folder.File("out.safetensors")));
    }

    [Fact]
    public void Output_must_be_a_safetensors_file()
    {
        var result = CliHarness.Run("convert", "in.pth", "out.pth");

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains(result.ErrorLines, line => line.Contains("must end in .safetensors"));
    }
}
