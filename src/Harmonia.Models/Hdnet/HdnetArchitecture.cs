using System.Text.Json.Nodes;
using Harmonia.NN;
using Harmonia.NN.Serialization;
using static Harmonia.Models.ConfigJson;

namespace Harmonia.Models.Hdnet;

/// <summary>HDNet (ACM MM 2023) and its presets: the full network and Harmonia's HDNet-lite.</summary>
public sealed class HdnetArchitecture : NetworkArchitecture<HdnetConfig>
{
    /// <summary>The one instance, as listed in <see cref="ModelCatalog"/>.</summary>
    public static HdnetArchitecture Instance { get; } = new();

    private HdnetArchitecture()
    {
        Presets =
        [
            new ModelPreset("hdnet", "HDNet (ACM MM 2023), ngf 32", Spec(HdnetConfig.Full)),
            new ModelPreset("hdnet-lite", "HDNet-lite: HDNet at a quarter of the width, ngf 8", Spec(HdnetConfig.Lite), "hdnet-lite.safetensors"),
        ];
    }

    /// <inheritdoc/>
    public override string Name => "hdnet";

    /// <inheritdoc/>
    public override NetworkValueRange Range => NetworkValueRange.MinusOneToOne;

    /// <summary>
    /// The authors' <c>hdnet_model.py</c> and options: the N(0, 0.02²) init; the foreground-normalized
    /// MSE of the blended output in [−1, 1]; Adam, lr 1e-3, β (0.9, 0.999); batch 12 at 256×256;
    /// 120 epochs, the rate ×0.1 from epoch 100 and ×0.01 from epoch 110. Their loader rebuilds the
    /// composite's background from the real photo.
    /// </summary>
    public override PublishedRecipe Recipe { get; } = new()
    {
        Initialization = WeightInitialization.HdnetNormal,
        Loss = TrainingLossKind.HdnetBlendedMaskWeightedMse,
        Optimizer = OptimizerKind.Adam,
        Beta1 = 0.9,
        Beta2 = 0.999,
        LearningRate = 1e-3,
        BatchSize = 12,
        ImageSize = 256,
        Epochs = 120,
        Schedule = ScheduleKind.HdnetMultiStep,
        ComposeBackgroundFromReal = true,
    };

    /// <inheritdoc/>
    public override IReadOnlyList<ModelPreset> Presets { get; }

    /// <inheritdoc/>
    public override IReadOnlyCollection<string> ConfigKeys { get; } =
        ["ngf", "input_nc", "output_nc", "ld_topk", "ld_similarity", "ld_support", "ld_weighting"];

    /// <summary>
    /// A PyTorch HDNet state_dict starts with <c>model_layer0.weight</c>, whose output and input
    /// channels are the width (ngf) and the input channels. Only a harmonizer's RGB head is HDNet's:
    /// weights whose head (<c>model_out.1.weight</c>, [in, out, k, k]) has other than 3 outputs are
    /// another network on HDNet's body, such as <c>hdnet-affine</c>.
    /// </summary>
    public override ModelSpec? Recognize(StateDict weights)
        => ReadBody(weights) is { HeadOutputs: 3 } body ? Spec(new HdnetConfig { Ngf = body.Ngf, InputChannels = body.InputChannels }) : null;

    /// <summary>The name of the head's weight, a transposed convolution's [in, out, k, k].</summary>
    internal const string HeadWeightKey = "model_out.1.weight";

    /// <summary>
    /// What the tensor names and shapes of an HDNet-bodied network say: the width and input channels
    /// (from <c>model_layer0.weight</c>) and the head's outputs (3 when the head is absent); null when
    /// the weights have no HDNet body.
    /// </summary>
    internal static (int Ngf, int InputChannels, int HeadOutputs)? ReadBody(StateDict weights)
    {
        if (!weights.TryGetValue("model_layer0.weight", out var first) || first.Rank != 4) return null;
        if (!weights.TryGetValue(HeadWeightKey, out var head)) return (first.Shape[0], first.Shape[1], HdnetConfig.Full.OutputChannels);
        return head.Rank == 4 ? (first.Shape[0], first.Shape[1], head.Shape[1]) : null;
    }

    /// <inheritdoc/>
    protected override Module BuildNetwork(HdnetConfig config) => new HdnetNetwork(config);

    /// <inheritdoc/>
    protected override string NameOf(HdnetConfig config) => $"hdnet-ngf{config.Ngf}";

    /// <inheritdoc/>
    protected override HdnetConfig Read(JsonObject o)
    {
        var d = HdnetConfig.Full;
        return new HdnetConfig
        {
            Ngf = Int(o, "ngf") ?? d.Ngf,
            InputChannels = Int(o, "input_nc") ?? d.InputChannels,
            OutputChannels = Int(o, "output_nc") ?? d.OutputChannels,
            LdTopK = Int(o, "ld_topk") ?? d.LdTopK,
            LdSimilarity = Text(o, "ld_similarity") switch { null or "dot" => LdSimilarity.Dot, "cosine" => LdSimilarity.Cosine, var v => throw new InvalidDataException($"ld_similarity '{v}' (expected dot or cosine)") },
            LdSupport = Text(o, "ld_support") switch { null or "all" => LdSupport.AllPositions, "background" => LdSupport.BackgroundOnly, var v => throw new InvalidDataException($"ld_support '{v}' (expected all or background)") },
            LdWeighting = Text(o, "ld_weighting") switch { null or "code" => LdWeighting.Code, "per-position" => LdWeighting.PerPosition, var v => throw new InvalidDataException($"ld_weighting '{v}' (expected code or per-position)") },
        };
    }

    /// <inheritdoc/>
    protected override void Write(HdnetConfig h, JsonObject o)
    {
        o["ngf"] = h.Ngf;
        o["input_nc"] = h.InputChannels;
        o["output_nc"] = h.OutputChannels;
        o["ld_topk"] = h.LdTopK;
        o["ld_similarity"] = h.LdSimilarity.ToString().ToLowerInvariant();
        o["ld_support"] = h.LdSupport == LdSupport.AllPositions ? "all" : "background";
        o["ld_weighting"] = h.LdWeighting == LdWeighting.Code ? "code" : "per-position";
    }
}
