using Harmonia.Cli.Errors;
using Harmonia.Cli.Inference;
using Harmonia.Cli.Options;
using Harmonia.Models;

namespace Harmonia.Cli.Tests;

public class ModelChoiceTests
{
    [Fact]
    public void Default_model_without_bundled_weights_says_so_and_how_to_proceed()
    {
        using var emptyModels = new TemporaryFolder();

        var error = Assert.Throws<CliException>(() => new ModelChoice(null, null, null).Load(emptyModels.Path));

        Assert.Equal(Path.Combine(emptyModels.Path, "hdnet-lite.safetensors"), error.What);
        Assert.StartsWith("hdnet-lite has no bundled weights", error.Why);
        Assert.Contains("pass --weights", error.Why);
    }

    [Fact]
    public void Default_model_loads_its_bundled_weights_when_present()
    {
        using var models = new TemporaryFolder();
        File.Copy(TestData.Fixture("hdnet-ngf8", "weights.safetensors"), models.File("hdnet-lite.safetensors"));

        var harmonizer = new ModelChoice(null, null, null).Load(models.Path);
        var dense = new ModelChoice(null, null, null, OutputMode.Dense).Load(models.Path);

        Assert.Equal("hdnet-lite", harmonizer.Name);
        // The default output is the colour map around the network; --output dense is the network itself.
        Assert.IsType<NetworkHarmonizer>(Assert.IsType<ColorMapHarmonizer>(harmonizer).Inner);
        Assert.IsType<NetworkHarmonizer>(dense);
    }

    [Fact]
    public void Baselines_need_no_weights()
    {
        using var emptyModels = new TemporaryFolder();

        Assert.Equal("reinhard", new ModelChoice("reinhard", null, null).Load(emptyModels.Path).Name);
        Assert.Equal("composite", new ModelChoice("composite", null, null).Load(emptyModels.Path).Name);
    }

    [Fact]
    public void Networks_default_to_256_and_baselines_to_native_size()
    {
        using var models = new TemporaryFolder();
        var network = new ModelChoice("hdnet-lite", null, TestData.Fixture("hdnet-ngf8", "weights.safetensors")).Load(models.Path);
        var baseline = new ModelChoice("reinhard", null, null).Load(models.Path);

        Assert.Equal(ProcessingSize.Square(256), ModelChoice.WorkingSize(null, network));
        Assert.Equal(ProcessingSize.Native, ModelChoice.WorkingSize(null, baseline));
        Assert.Equal(ProcessingSize.Square(64), ModelChoice.WorkingSize(ProcessingSize.Square(64), baseline));
    }

    [Fact]
    public void Bundled_folder_prefers_the_copy_beside_the_program_then_the_repository()
    {
        using var root = new TemporaryFolder();
        File.WriteAllText(root.File("Harmonia.sln"), "");
        Directory.CreateDirectory(root.File("models"));
        var program = Directory.CreateDirectory(Path.Combine(root.Path, ".build", "cli", "app")).FullName;

        Assert.Equal(root.File("models"), BundledModels.Locate(program));

        Directory.CreateDirectory(Path.Combine(program, "models"));
        Assert.Equal(Path.Combine(program, "models"), BundledModels.Locate(program));
    }
}
