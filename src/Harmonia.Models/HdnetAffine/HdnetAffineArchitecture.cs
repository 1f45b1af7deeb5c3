using System.Text.Json.Nodes;
using Harmonia.Models.Hdnet;
using Harmonia.NN;
using Harmonia.NN.Serialization;
using static Harmonia.Models.ConfigJson;

namespace Harmonia.Models.HdnetAffine;

/// <summary>
/// Harmonia's HDNet with an affine colour head (<see cref="HdnetAffineNetwork"/>) and its preset.
/// Not a published model: it is trained with HDNet's recipe and starts from HDNet weights.
/// </summary>
public sealed class HdnetAffineArchitecture : NetworkArchitecture<HdnetAffineConfig>
{
    private const string HeadWeight = HdnetArchitecture.HeadWeightKey, HeadBias = "model_out.1.bias";

    /// <summary>The one instance, as listed in <see cref="ModelCatalog"/>.</summary>
    public static HdnetAffineArchitecture Instance { get; } = new();

    private HdnetAffineArchitecture()
    {
        Presets =
        [
            new ModelPreset("hdnet-lite-affine",
                "HDNet-lite with a per-pixel affine colour head (Harmonia's, experimental: its bundled weights change photos that need no fix least but correct less than hdnet-lite's, see docs/training.md)",
                Spec(HdnetAffineConfig.Lite), "hdnet-lite-affine.safetensors"),
        ];
    }

    /// <inheritdoc/>
    public override string Name => "hdnet-affine";

    /// <inheritdoc/>
    public override NetworkValueRange Range => NetworkValueRange.MinusOneToOne;

    /// <summary>HDNet's recipe: the same network body, loss and optimizer.</summary>
    public override PublishedRecipe Recipe => HdnetArchitecture.Instance.Recipe;

    /// <inheritdoc/>
    public override IReadOnlyList<ModelPreset> Presets { get; }

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> ConfigKeys { get; } = ["ngf", "ld_topk", "ld_similarity", "ld_support", "ld_weighting"];

    /// <summary>
    /// HDNet's tensor names with a head of 12 output channels (a ConvTranspose2d weight is
    /// [in, out, k, k]); an HDNet checkpoint has 3, and HDNet claims only those.
    /// </summary>
    public override ModelSpec? Recognize(StateDict weights)
        => HdnetArchitecture.ReadBody(weights) is { HeadOutputs: HdnetAffineConfig.MapParameters, InputChannels: 3 } body
            ? Spec(new HdnetAffineConfig { Backbone = HdnetConfig.Lite with { Ngf = body.Ngf, OutputChannels = HdnetAffineConfig.MapParameters } })
            : null;

    /// <summary>
    /// An HDNet checkpoint of the same width becomes this network's starting point: every tensor is
    /// kept and the head is zeroed, so training starts from the identity map with HDNet's features.
    /// Weights of this architecture are returned as they are.
    /// </summary>
    public override StateDict StartingWeights(StateDict weights, INetworkConfig config)
        => PerPixelAffineMap.WithZeroedHead(weights, HeadWeight, HeadBias);

    /// <inheritdoc/>
    protected override Module BuildNetwork(HdnetAffineConfig config) => new HdnetAffineNetwork(config);

    /// <inheritdoc/>
    protected override string NameOf(HdnetAffineConfig config) => $"hdnet-affine-ngf{config.Backbone.Ngf}";

    /// <summary>HDNet's keys (without the channel counts, which this head fixes).</summary>
    protected override HdnetAffineConfig Read(JsonObject o)
    {
        var backbone = (HdnetConfig)HdnetArchitecture.Instance.ReadConfig(o);
        return new HdnetAffineConfig { Backbone = backbone with { Ngf = Int(o, "ngf") ?? HdnetConfig.Lite.Ngf, OutputChannels = HdnetAffineConfig.MapParameters } };
    }

    /// <inheritdoc/>
    protected override void Write(HdnetAffineConfig config, JsonObject o)
    {
        HdnetArchitecture.Instance.WriteConfig(config.Backbone, o);
        o.Remove("input_nc");
        o.Remove("output_nc");
    }
}
