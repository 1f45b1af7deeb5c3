using System.Text.Json.Nodes;
using Harmonia.Models.Phnet;
using Harmonia.NN;
using Harmonia.NN.Serialization;

namespace Harmonia.Models.PhnetAffine;

/// <summary>
/// Harmonia's PHNet with an affine colour head (<see cref="PhnetAffineNetwork"/>) and its preset.
/// Not a published model: it is trained with PHNet's recipe and starts from PHNet weights.
/// </summary>
public sealed class PhnetAffineArchitecture : NetworkArchitecture<PhnetAffineConfig>
{
    private const string HeadWeight = PhnetArchitecture.HeadWeightKey, HeadBias = "decoder.5.0.bias";

    /// <summary>The one instance, as listed in <see cref="ModelCatalog"/>.</summary>
    public static PhnetAffineArchitecture Instance { get; } = new();

    private PhnetAffineArchitecture()
    {
        Presets =
        [
            new ModelPreset("phnet-lite-affine",
                "PHNet-lite with a per-pixel affine colour head (Harmonia's: its bundled weights leave photos that need no fix alone and halve the held-out error, though they correct less than hdnet-lite's, see docs/training.md): enc_sizes [3,8,16,32,64,128,256], grid_counts [10,5,1], 12 map parameters per pixel",
                Spec(PhnetAffineConfig.Lite), "phnet-lite-affine.safetensors"),
        ];
    }

    /// <inheritdoc/>
    public override string Name => "phnet-affine";

    /// <inheritdoc/>
    public override NetworkValueRange Range => NetworkValueRange.ZeroToOne;

    /// <summary>PHNet's recipe: the same network body, loss and optimizer.</summary>
    public override PublishedRecipe Recipe => PhnetArchitecture.Instance.Recipe;

    /// <inheritdoc/>
    public override IReadOnlyList<ModelPreset> Presets { get; }

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> ConfigKeys => PhnetArchitecture.Instance.ConfigKeys;

    /// <summary>PHNet's tensor names with a head of 12 output channels; a PHNet checkpoint has 3, and PHNet claims only those.</summary>
    public override ModelSpec? Recognize(StateDict weights)
        => PhnetArchitecture.ReadBody(weights) is { OutputChannels: PerPixelAffineMap.Parameters } body
            ? Spec(new PhnetAffineConfig { Backbone = body })
            : null;

    /// <summary>
    /// A PHNet checkpoint of the same widths becomes this network's starting point: every tensor is
    /// kept and the head is zeroed, so training starts from the identity map with PHNet's features.
    /// Weights of this architecture are returned as they are.
    /// </summary>
    public override StateDict StartingWeights(StateDict weights, INetworkConfig config)
        => PerPixelAffineMap.WithZeroedHead(weights, HeadWeight, HeadBias);

    /// <inheritdoc/>
    protected override Module BuildNetwork(PhnetAffineConfig config) => new PhnetAffineNetwork(config);

    /// <inheritdoc/>
    protected override string NameOf(PhnetAffineConfig config) => "phnet-affine";

    /// <summary>PHNet's keys; the head's width is this network's own.</summary>
    protected override PhnetAffineConfig Read(JsonObject o)
        => new() { Backbone = (PhnetConfig)PhnetArchitecture.Instance.ReadConfig(o) with { OutputChannels = PerPixelAffineMap.Parameters } };

    /// <inheritdoc/>
    protected override void Write(PhnetAffineConfig config, JsonObject o) => PhnetArchitecture.Instance.WriteConfig(config.Backbone, o);
}
