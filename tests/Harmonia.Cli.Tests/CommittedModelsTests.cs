using Harmonia.Cli.Demo;
using Harmonia.Imaging;
using Harmonia.Models;
using Harmonia.NN.Serialization;

namespace Harmonia.Cli.Tests;

/// <summary>
/// The trained weights committed under models/, one per preset that names a bundled file: each
/// exists, holds its preset's architecture, and harmonizes the demo scene in the right direction.
/// </summary>
public class CommittedModelsTests
{
    public static TheoryData<string> PresetsWithBundledWeights { get; } =
        new(ModelCatalog.Presets.Where(p => p.BundledWeights is not null).Select(p => p.Name));

    private static string RepositoryModels => Path.Combine(TestData.RepositoryRoot, "models");

    [Theory]
    [MemberData(nameof(PresetsWithBundledWeights))]
    public void The_committed_file_records_its_presets_architecture_and_its_training(string name)
    {
        var preset = ModelCatalog.Find(name);
        string file = Path.Combine(RepositoryModels, preset.BundledWeights!);
        Assert.True(File.Exists(file), $"{file} is not committed");

        var state = SafeTensorsFile.Read(file);
        Assert.Equal(preset.Spec!.ToJson(), ModelSpec.FromJson(state.Metadata[ModelCatalog.SpecMetadataKey]).ToJson());
        Assert.False(string.IsNullOrWhiteSpace(state.Metadata["harmonia.trained_on"]));
        Assert.DoesNotContain(state.Keys, key => key.StartsWith(StateDict.OptimizerStatePrefix, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PresetsWithBundledWeights))]
    public void The_committed_model_warms_the_cold_object_of_the_demo_scene(string name)
    {
        var harmonizer = new ImageHarmonizer(ModelCatalog.Load(name, null, null, RepositoryModels));
        var (composite, mask) = DemoScene.Create();

        var result = harmonizer.Harmonize(composite, mask, workingSize: 256);

        // The pasted object is far bluer than the warm scene; a trained model moves it towards red.
        double RedMinusBlue(Image image) => Enumerable.Range(0, mask.Values.Length).Where(i => mask.Values[i] == 1f)
            .Average(i => (double)image.Pixels[i * 3] - image.Pixels[i * 3 + 2]);
        double before = RedMinusBlue(composite), after = RedMinusBlue(result);
        Assert.True(after > before + 5, $"{name}: red minus blue in the object went from {before:F1} to {after:F1}");
    }
}
