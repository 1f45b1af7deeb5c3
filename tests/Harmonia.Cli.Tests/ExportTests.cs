using Harmonia.Models;
using Harmonia.Onnx.Export;
using Harmonia.Onnx.Graph;

namespace Harmonia.Cli.Tests;

/// <summary>
/// <c>harmonia export --onnx</c>. That the model computes what Harmonia computes is tested in
/// Harmonia.Onnx.Tests with ONNX Runtime; here: the command writes that model, and bad requests
/// are refused with one line and no file.
/// </summary>
public class ExportTests
{
    private static readonly string Weights = TestData.Fixture("hdnet-ngf4", "weights.safetensors");

    [Fact]
    public void Writes_the_model_the_exporter_builds_for_the_weights_and_size()
    {
        using var folder = new TemporaryFolder();
        var output = folder.File("ngf4.onnx");

        var result = CliHarness.Run("export", "--onnx", output, "--weights", Weights, "--size", "48");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("opset 17", result.Error + result.Out);
        using var emptyModels = new TemporaryFolder();
        var network = (NetworkHarmonizer)ModelCatalog.Load(null, null, Weights, emptyModels.Path);
        var expected = OnnxModelWriter.ToBytes(HarmonizerOnnxExport.Build(network.Name, network.Spec, network.Network, 48, 48));
        Assert.Equal(expected, File.ReadAllBytes(output));
        Assert.Equal([Path.GetFileName(output)], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("--out")]
    [InlineData("-o")]
    public void The_output_option_every_other_command_has_names_the_onnx_file_too(string option)
    {
        using var folder = new TemporaryFolder();
        var output = folder.File("ngf4.onnx");

        var result = CliHarness.Run("export", option, output, "--weights", Weights, "--size", "48");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.True(new FileInfo(output).Length > 1000);
    }

    [Fact]
    public void An_existing_file_is_kept_without_overwrite_and_replaced_with_it()
    {
        using var folder = new TemporaryFolder();
        var output = folder.File("model.onnx");
        File.WriteAllText(output, "keep me");

        var refused = CliHarness.Run("export", "--onnx", output, "--weights", Weights, "--size", "48");
        Assert.Equal(ExitCodes.RuntimeError, refused.ExitCode);
        Assert.Contains(output, Assert.Single(refused.ErrorLines));
        Assert.Equal("keep me", File.ReadAllText(output));

        var replaced = CliHarness.Run("export", "--onnx", output, "--weights", Weights, "--size", "48", "--overwrite");
        Assert.Equal(ExitCodes.Success, replaced.ExitCode);
        Assert.NotEqual("keep me", File.ReadAllText(output));
    }

    [Fact]
    public void A_baseline_has_nothing_to_export()
    {
        using var folder = new TemporaryFolder();
        var result = CliHarness.Run("export", "--onnx", folder.File("r.onnx"), "--model", "reinhard");
        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.Contains("baseline", Assert.Single(result.ErrorLines));
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_size_too_small_for_the_network_names_the_size_and_the_reason()
    {
        using var folder = new TemporaryFolder();
        var weights = TestData.Fixture("phnet-tiny", "weights.safetensors");
        var result = CliHarness.Run("export", "--onnx", folder.File("p.onnx"), "--weights", weights, "--size", "8");
        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("--size 8", line);
        Assert.Contains("patch grid does not fit", line);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Theory]
    [InlineData("--size", "60", "multiple of 8")]
    [InlineData("--size", "0", "--size")]
    [InlineData("--model", "hdnet", "must end in .onnx")]
    public void Bad_options_are_usage_errors(string option, string value, string expected)
    {
        using var folder = new TemporaryFolder();
        var output = option == "--model" ? folder.File("model.bin") : folder.File("model.onnx");
        var result = CliHarness.Run("export", "--onnx", output, option, value);
        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains(expected, result.Error);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }
}
