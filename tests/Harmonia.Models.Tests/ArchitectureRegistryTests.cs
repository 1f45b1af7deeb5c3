using Harmonia.Models.Hdnet;
using Harmonia.Models.Phnet;

namespace Harmonia.Models.Tests;

/// <summary>The catalog's one list of architectures: each owns its config JSON, its key recognition and its presets.</summary>
public class ArchitectureRegistryTests
{
    // Small configs of each architecture, so building them is quick.
    public static TheoryData<string> SmallSpecs =>
    [
        "{\"architecture\":\"hdnet\",\"ngf\":4}",
        "{\"architecture\":\"hdnet-affine\",\"ngf\":4}",
        "{\"architecture\":\"phnet\",\"enc_sizes\":[3,4,4,8,8,8,8],\"grid_counts\":[2,1]}",
        "{\"architecture\":\"phnet-affine\",\"enc_sizes\":[3,4,4,8,8,8,8],\"grid_counts\":[2,1]}",
    ];

    [Fact]
    public void PresetAndArchitectureNamesAreUniqueAndTheDefaultShipsWeights()
    {
        Assert.Equal(ModelCatalog.Presets.Count, ModelCatalog.Presets.Select(p => p.Name).Distinct().Count());
        Assert.Equal(["hdnet", "hdnet-affine", "phnet", "phnet-affine"], ModelCatalog.Architectures.Select(a => a.Name));
        Assert.NotNull(ModelCatalog.Find(ModelCatalog.DefaultModel).BundledWeights);
    }

    [Fact]
    public void EveryPresetSpecRoundTripsThroughItsJson()
    {
        foreach (var preset in ModelCatalog.Presets.Where(p => p.Spec is not null))
        {
            var parsed = ModelSpec.FromJson(preset.Spec!.ToJson());
            Assert.Same(preset.Spec.Architecture, parsed.Architecture);
            Assert.Equal(preset.Spec.ToJson(), parsed.ToJson());
        }
    }

    [Theory]
    [MemberData(nameof(SmallSpecs))]
    public void EachArchitectureRecognisesItsOwnWeightsAndNoOther(string json)
    {
        var spec = ModelSpec.FromJson(json);
        var weights = spec.Build().ToStateDict();

        var recognised = ModelCatalog.RecognizeSpec(weights);

        Assert.NotNull(recognised);
        Assert.Same(spec.Architecture, recognised.Architecture);
        Assert.Equal(spec.ToJson(), recognised.ToJson());
        foreach (var other in ModelCatalog.Architectures.Where(a => a != spec.Architecture))
            Assert.Null(other.Recognize(weights));
    }

    [Fact]
    public void BaselinesAreMadeByTheirPresets()
    {
        Assert.Equal("composite", ModelCatalog.Find("composite").CreateBaseline().Name);
        Assert.Equal("reinhard", ModelCatalog.Find("reinhard").CreateBaseline().Name);
        Assert.Throws<InvalidOperationException>(() => ModelCatalog.Find("hdnet").CreateBaseline());
    }

    [Fact]
    public void AnArchitectureRefusesAnotherArchitecturesConfig()
    {
        Assert.Throws<ArgumentException>(() => new ModelSpec(HdnetArchitecture.Instance, PhnetConfig.Lite));
        Assert.Throws<ArgumentException>(() => PhnetArchitecture.Instance.Build(HdnetConfig.Lite));
    }

    [Theory]
    [InlineData("{\"architecture\":\"unet\"}", "unknown architecture 'unet' (expected hdnet or hdnet-affine or phnet or phnet-affine)")]
    [InlineData("{\"ngf\":8}", "has no \"architecture\" (hdnet or hdnet-affine or phnet or phnet-affine)")]
    [InlineData("{\"architecture\":\"hdnet-affine\",\"output_nc\":3}", "unknown key(s) in the hdnet-affine config: output_nc")]
    [InlineData("{\"architecture\":\"hdnet\",\"enc_sizes\":[3]}", "unknown key(s) in the hdnet config: enc_sizes")]
    [InlineData("{\"architecture\":\"phnet\",\"ngf\":8}", "unknown key(s) in the phnet config: ngf")]
    [InlineData("{\"architecture\":\"hdnet\",\"ngf\":0}", "bad hdnet config: HDNet ngf must be at least 1")]
    public void BadConfigsAreErrorsNamingTheProblem(string json, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => ModelSpec.FromJson(json));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void WeightsOfNoKnownArchitectureAreNotRecognised()
    {
        var weights = new Harmonia.NN.Serialization.StateDict();
        weights.Add("encoder.weight", Harmonia.Tensors.Tensor.Zeros(2, 2));
        Assert.Null(ModelCatalog.RecognizeSpec(weights));
        Assert.Null(ModelCatalog.StoredSpec(weights));
    }
}
