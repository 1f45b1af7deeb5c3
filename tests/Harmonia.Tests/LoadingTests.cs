using Harmonia.Models;

namespace Harmonia.Tests;

public class LoadingTests
{
    [Theory]
    [InlineData("hdnet-lite.safetensors")]
    [InlineData("phnet-lite.safetensors")]
    public void The_embedded_weights_are_the_committed_files_byte_for_byte(string fileName)
    {
        // The package embeds models/ by path at build time, so it can never ship a stale copy.
        var committed = File.ReadAllBytes(Path.Combine(Repository.Root, "models", fileName));
        Assert.Equal(committed, BundledWeights.ReadBytes(fileName));
    }

    [Fact]
    public void Load_without_arguments_gives_the_default_network_at_256()
    {
        using var harmonizer = Harmonizer.Load();
        Assert.Equal("hdnet-lite", harmonizer.Name);
        Assert.Equal(Harmonizer.DefaultModel, harmonizer.Name);
        Assert.True(harmonizer.IsNetwork);
        Assert.Equal(8, harmonizer.SizeMultiple);
        Assert.Equal(256, harmonizer.DefaultWorkingSize);
    }

    [Fact]
    public void The_model_lists_name_every_preset_and_the_bundled_ones()
    {
        Assert.Equal(ModelCatalog.Presets.Select(p => p.Name), Harmonizer.Models);
        Assert.Equal(["hdnet-lite", "hdnet-lite-affine", "phnet-lite", "phnet-lite-affine", "composite", "reinhard"], Harmonizer.BundledModels);
    }

    [Fact]
    public void Every_bundled_model_loads_by_name()
    {
        foreach (var name in Harmonizer.BundledModels)
        {
            using var harmonizer = Harmonizer.Load(name);
            Assert.Equal(name, harmonizer.Name);
        }
    }

    [Fact]
    public void A_baseline_runs_at_the_native_size_by_default()
    {
        using var harmonizer = Harmonizer.Load("reinhard");
        Assert.False(harmonizer.IsNetwork);
        Assert.Null(harmonizer.DefaultWorkingSize);
        Assert.Equal(1, harmonizer.SizeMultiple);
    }

    [Fact]
    public void An_unknown_name_is_a_model_load_error_listing_the_known_names()
    {
        var error = Assert.Throws<ModelLoadException>(() => Harmonizer.Load("hdnet-huge"));
        Assert.Equal("hdnet-huge", error.Model);
        Assert.Contains("unknown model", error.Message);
        Assert.Contains("hdnet-lite", error.Message);
        Assert.Contains("reinhard", error.Message);
    }

    [Fact]
    public void A_preset_without_bundled_weights_says_to_load_a_weights_file_in_library_terms()
    {
        var error = Assert.Throws<ModelLoadException>(() => Harmonizer.Load("hdnet"));
        Assert.Contains("LoadWeights", error.Message);
        Assert.DoesNotContain("--", error.Message);
    }

    [Fact]
    public void A_weights_file_loads_by_path_and_records_its_architecture()
    {
        using var folder = new TemporaryFolder();
        var weights = folder.File("my-model.safetensors");
        File.WriteAllBytes(weights, BundledWeights.ReadBytes("hdnet-lite.safetensors")!);
        var (composite, mask) = TestPictures.WritePairIn(folder.Path);

        using var fromFile = Harmonizer.Load(weights);
        using var bundled = Harmonizer.Load();

        Assert.Equal("my-model", fromFile.Name);
        Assert.True(fromFile.IsNetwork);
        Assert.Equal(bundled.Harmonize(composite, mask).Image.Pixels, fromFile.Harmonize(composite, mask).Image.Pixels);
    }

    [Fact]
    public void A_weights_file_can_be_given_its_architecture_by_name()
    {
        using var folder = new TemporaryFolder();
        var weights = folder.File("w.safetensors");
        File.WriteAllBytes(weights, BundledWeights.ReadBytes("hdnet-lite.safetensors")!);
        using var harmonizer = Harmonizer.LoadWeights(weights, "hdnet-lite");
        Assert.Equal("hdnet-lite", harmonizer.Name);

        // The weights of the lite network do not fit the full-width one: an error naming the file and what it holds.
        var error = Assert.Throws<ModelLoadException>(() => Harmonizer.LoadWeights(weights, "hdnet"));
        Assert.Equal(weights, error.Model);
        Assert.Contains("holds hdnet-lite weights, which do not fit hdnet", error.Message);
    }

    [Fact]
    public void A_damaged_weights_file_is_a_model_load_error_naming_the_file()
    {
        using var folder = new TemporaryFolder();
        var weights = folder.File("broken.safetensors");
        File.WriteAllBytes(weights, [1, 2, 3, 4, 5]);
        var error = Assert.Throws<ModelLoadException>(() => Harmonizer.Load(weights));
        Assert.Equal(weights, error.Model);
        Assert.StartsWith(weights + ": ", error.Message);
    }

    [Fact]
    public void A_weights_file_of_an_unknown_format_is_a_model_load_error()
    {
        using var folder = new TemporaryFolder();
        var weights = folder.File("weights.bin");
        File.WriteAllBytes(weights, [1, 2, 3]);
        var error = Assert.Throws<ModelLoadException>(() => Harmonizer.LoadWeights(weights));
        Assert.Contains(".safetensors", error.Problem);
    }

    [Fact]
    public void A_missing_weights_file_is_file_not_found_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "model.safetensors");
        var error = Assert.Throws<FileNotFoundException>(() => Harmonizer.Load(path));
        Assert.Equal(path, error.FileName);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_baseline_takes_no_weights()
    {
        var error = Assert.Throws<ModelLoadException>(() => Harmonizer.LoadWeights("any.safetensors", "reinhard"));
        Assert.Contains("baseline", error.Message);
    }
}
