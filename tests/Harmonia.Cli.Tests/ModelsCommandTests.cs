using Harmonia.Cli.Catalog;
using Harmonia.Cli.Conversion;
using Harmonia.Cli.Inference;
using Harmonia.Models;
using Harmonia.NN.Serialization;

namespace Harmonia.Cli.Tests;

public class ModelsCommandTests
{
    [Fact]
    public void Lists_every_preset_with_counted_parameters()
    {
        var result = CliHarness.Run("models");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        foreach (var preset in ModelCatalog.Presets)
        {
            Assert.Contains(preset.Name, result.Out);
            Assert.Contains(preset.Description, result.Out);
        }
        Assert.Matches(@"hdnet\s.*10\.41 M", result.Out);
        Assert.Matches(@"hdnet-lite\s.*0\.65 M", result.Out);
        Assert.Matches(@"phnet\s.*9\.99 M", result.Out);
        Assert.Matches(@"reinhard\s.*baseline", result.Out);
    }

    [Fact]
    public void Rows_give_kind_range_and_exact_counts()
    {
        using var emptyModels = new TemporaryFolder();

        var rows = ModelListing.Create(emptyModels.Path).ToDictionary(row => row.Name);

        Assert.Equal(ModelCatalog.Presets.Select(p => p.Name), rows.Keys);
        Assert.Equal(652_893, rows["hdnet-lite"].Parameters); // the fixture README's count for HDNet at ngf 8
        Assert.Equal(("network", "[-1, 1]"), (rows["hdnet"].Kind, rows["hdnet"].ValueRange));
        Assert.Equal(("network", "[0, 1]"), (rows["phnet"].Kind, rows["phnet"].ValueRange));
        Assert.Equal(("baseline", (long?)null, "-"), (rows["composite"].Kind, rows["composite"].Parameters, rows["composite"].ParametersText));
        Assert.Equal("not in this build (hdnet-lite.safetensors)", rows["hdnet-lite"].BundledWeights);
        Assert.Equal("none (use --weights)", rows["hdnet"].BundledWeights);
    }

    [Fact]
    public void Bundled_weights_report_what_they_were_trained_on()
    {
        using var models = new TemporaryFolder();
        var weights = SafeTensorsFile.Read(TestData.Fixture("hdnet-ngf8", "weights.safetensors"));
        weights.Metadata[ModelListing.TrainedOnKey] = "lalonde-real synthetic composites, 90% of the photos";
        SafeTensorsFile.Write(models.File("hdnet-lite.safetensors"), weights);

        var row = ModelListing.Create(models.Path).Single(row => row.Name == "hdnet-lite");

        Assert.Equal("yes", row.BundledWeights);
        Assert.Equal("trained on lalonde-real synthetic composites, 90% of the photos", row.TrainingRecord);
    }

    [Fact]
    public void Bundled_weights_without_a_training_record_show_their_provenance()
    {
        using var models = new TemporaryFolder();
        var weights = SafeTensorsFile.Read(TestData.Fixture("hdnet-ngf8", "weights.safetensors"));
        weights.Metadata[CheckpointConverter.ProvenanceKey] = "converted from weights.pth";
        SafeTensorsFile.Write(models.File("hdnet-lite.safetensors"), weights);

        var row = ModelListing.Create(models.Path).Single(row => row.Name == "hdnet-lite");

        Assert.Equal(("yes", "converted from weights.pth"), (row.BundledWeights, row.TrainingRecord));
    }

    [Theory]
    [InlineData("Lalonde of lalonde: 5820 composites, 648 held out", "Lalonde: 5820 composites, 648 held out")]
    [InlineData("HCOCO of iHarmony4: 100 composites", "HCOCO of iHarmony4: 100 composites")]
    [InlineData("no colon here of here", "no colon here of here")]
    public void A_training_record_does_not_name_the_subset_twice(string record, string readable)
    {
        Assert.Equal(readable, ModelListing.ReadableTrainingRecord(record));
    }

    [Fact]
    public void The_listing_names_the_repositorys_models_folder_not_the_build_output()
    {
        using var repository = new TemporaryFolder();
        File.WriteAllText(repository.File("Harmonia.sln"), "");
        var program = Directory.CreateDirectory(Path.Combine(repository.Path, ".build", "cli", "app.1")).FullName;
        var copied = Directory.CreateDirectory(Path.Combine(program, "models")).FullName;

        Assert.Equal(Path.Combine(repository.Path, "models") + " (copied into the build)", BundledModels.Describe(copied, program));
        Assert.Equal(Path.Combine(repository.Path, "models"), BundledModels.Describe(Path.Combine(repository.Path, "models"), program));
        var result = CliHarness.Run("models");
        Assert.DoesNotContain(" of lalonde", result.Out);
        Assert.DoesNotContain(Path.Combine("bin", "Release"), result.Out);
    }
}
