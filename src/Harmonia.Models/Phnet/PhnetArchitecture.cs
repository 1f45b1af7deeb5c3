using System.Text.Json.Nodes;
using Harmonia.NN;
using Harmonia.NN.Serialization;
using static Harmonia.Models.ConfigJson;

namespace Harmonia.Models.Phnet;

/// <summary>PHNet (patch-based normalization) and its presets: the authors' iHarmony4 and FFHQH models and Harmonia's PHNet-lite.</summary>
public sealed class PhnetArchitecture : NetworkArchitecture<PhnetConfig>
{
    /// <summary>The one instance, as listed in <see cref="ModelCatalog"/>.</summary>
    public static PhnetArchitecture Instance { get; } = new();

    private PhnetArchitecture()
    {
        Presets =
        [
            new ModelPreset("phnet", "PHNet for iHarmony4: enc_sizes [3,16,32,64,128,256,512], grid_counts [10,5,1]", Spec(PhnetConfig.IHarmony4)),
            new ModelPreset("phnet-lite", "PHNet-lite (Harmonia's, experimental: its bundled weights change photos that need no fix, see docs/training.md): PHNet at half the width, enc_sizes [3,8,16,32,64,128,256], grid_counts [10,5,1]", Spec(PhnetConfig.Lite), "phnet-lite.safetensors"),
            new ModelPreset("phnet-ffhqh", "PHNet for FFHQH portraits: enc_sizes [3,16,64,128,256,512,1024], grid_counts [4,3,2,1]", Spec(PhnetConfig.Ffhqh)),
        ];
    }

    /// <inheritdoc/>
    public override string Name => "phnet";

    /// <inheritdoc/>
    public override NetworkValueRange Range => NetworkValueRange.ZeroToOne;

    /// <summary>
    /// The paper and the authors' trainer: PyTorch's default init; the PSNR + FN-MSE + gradient
    /// objective on the raw [0, 1] output; Lion, β (0.9, 0.99); batch 16 at 256×256; the staged
    /// recipe of 100 + 10 + 50 epochs at 1e-4, 1e-5 and 1e-7 with per-stage freezing.
    /// </summary>
    public override PublishedRecipe Recipe { get; } = new()
    {
        Initialization = WeightInitialization.PyTorchDefault,
        Loss = TrainingLossKind.Phnet,
        Optimizer = OptimizerKind.Lion,
        Beta1 = 0.9,
        Beta2 = 0.99,
        LearningRate = 1e-4,
        BatchSize = 16,
        ImageSize = 256,
        Epochs = 100 + 10 + 50,
        Schedule = ScheduleKind.PhnetStaged,
    };

    /// <inheritdoc/>
    public override IReadOnlyList<ModelPreset> Presets { get; }

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> ConfigKeys { get; } =
        ["enc_sizes", "grid_counts", "grid_count", "init_weights", "init_value"];

    /// <summary>
    /// A PyTorch PHNet state_dict has <c>feature_extractor.patch_harmonizer.grid_weights</c>; the
    /// encoder widths are the shapes of <c>encoder.{i}.0.weight</c> and the grid sizes those of the
    /// normalizers' <c>grid_weights</c>. PHNet's head has 3 outputs; other counts belong to another
    /// network on PHNet's body.
    /// </summary>
    public override ModelSpec? Recognize(StateDict weights)
        => ReadBody(weights) is { OutputChannels: 3 } config ? Spec(config) : null;

    /// <summary>
    /// The configuration a PHNet-bodied state_dict was built with, its head's output count included
    /// (the last decoder step's <c>ConvTranspose2d</c> weight is [in, out, k, k]); null when it is not one.
    /// Shared with the networks built on PHNet's body, such as <c>phnet-affine</c>.
    /// </summary>
    internal static PhnetConfig? ReadBody(StateDict weights)
    {
        if (!weights.ContainsKey("feature_extractor.patch_harmonizer.grid_weights")) return null;
        var enc = new int[7];
        for (int i = 0; i < 6; i++)
        {
            if (!weights.TryGetValue($"encoder.{i}.0.weight", out var w) || w.Rank != 4) return null;
            enc[i] = w.Shape[1];
            enc[i + 1] = w.Shape[0];
        }
        var grids = new List<int>();
        while (weights.TryGetValue($"normalizers.{grids.Count}.grid_weights", out var g) && g.Rank == 4) grids.Add(g.Shape[2]);
        if (grids.Count < 2) return null;
        int outputs = weights.TryGetValue(HeadWeightKey, out var head) && head.Rank == 4 ? head.Shape[1] : 3;
        return new PhnetConfig { EncSizes = enc, GridCounts = [.. grids], OutputChannels = outputs };
    }

    /// <summary>The weight of the last decoder step, the network's head.</summary>
    internal const string HeadWeightKey = "decoder.5.0.weight";

    /// <inheritdoc/>
    protected override Module BuildNetwork(PhnetConfig config) => new PhnetNetwork(config);

    /// <inheritdoc/>
    protected override string NameOf(PhnetConfig config) => "phnet";

    /// <inheritdoc/>
    protected override PhnetConfig Read(JsonObject o)
    {
        var d = PhnetConfig.IHarmony4;
        return new PhnetConfig
        {
            EncSizes = Ints(o, "enc_sizes") ?? d.EncSizes,
            GridCounts = Ints(o, "grid_counts") ?? Ints(o, "grid_count") ?? d.GridCounts,
            InitWeights = o["init_weights"] is JsonArray w ? w.Select(v => v!.GetValue<float>()).ToArray() : d.InitWeights,
            InitValue = o["init_value"]?.GetValue<float>() ?? d.InitValue,
        };
    }

    /// <inheritdoc/>
    protected override void Write(PhnetConfig p, JsonObject o)
    {
        o["enc_sizes"] = new JsonArray(p.EncSizes.Select(v => (JsonNode)v).ToArray());
        o["grid_counts"] = new JsonArray(p.GridCounts.Select(v => (JsonNode)v).ToArray());
        o["init_weights"] = new JsonArray(p.InitWeights.Select(v => (JsonNode)v).ToArray());
        o["init_value"] = p.InitValue;
    }
}
