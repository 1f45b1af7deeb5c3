using System.Text.Json;
using System.Text.Json.Nodes;
using Harmonia.Models.Hdnet;
using Harmonia.Models.Phnet;
using Harmonia.NN;

namespace Harmonia.Models;

/// <summary>
/// Which network, at which widths: enough to build it before loading weights. Serialised as
/// the small JSON the CLI accepts, e.g. <c>{"architecture":"hdnet","ngf":8}</c> or
/// <c>{"architecture":"phnet","enc_sizes":[…],"grid_counts":[…]}</c>, and stored in the
/// metadata of Harmonia's safetensors files so a weights file alone is enough to run.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>"hdnet" or "phnet".</summary>
    public required string Architecture { get; init; }
    /// <summary>HDNet settings when <see cref="Architecture"/> is "hdnet".</summary>
    public HdnetConfig? Hdnet { get; init; }
    /// <summary>PHNet settings when <see cref="Architecture"/> is "phnet".</summary>
    public PhnetConfig? Phnet { get; init; }

    /// <summary>The value range the network reads and writes: [−1, 1] for HDNet, [0, 1] for PHNet.</summary>
    public bool UsesSymmetricRange => Architecture == "hdnet";

    /// <summary>A spec for HDNet with the given settings.</summary>
    public static ModelSpec ForHdnet(HdnetConfig config) => new() { Architecture = "hdnet", Hdnet = config };

    /// <summary>A spec for PHNet with the given settings.</summary>
    public static ModelSpec ForPhnet(PhnetConfig config) => new() { Architecture = "phnet", Phnet = config };

    /// <summary>Builds the network this spec describes (weights at their initial values).</summary>
    public Module Build() => Architecture switch
    {
        "hdnet" => new HdnetNetwork(Hdnet ?? HdnetConfig.Full),
        "phnet" => new PhnetNetwork(Phnet ?? PhnetConfig.IHarmony4),
        _ => throw new InvalidDataException($"unknown architecture '{Architecture}' (expected hdnet or phnet)"),
    };

    /// <summary>The JSON form, with snake_case keys as in the authors' configs.</summary>
    public string ToJson()
    {
        var o = new JsonObject { ["architecture"] = Architecture };
        if (Hdnet is { } h)
        {
            o["ngf"] = h.Ngf;
            o["input_nc"] = h.InputChannels;
            o["output_nc"] = h.OutputChannels;
            o["ld_topk"] = h.LdTopK;
            o["ld_similarity"] = h.LdSimilarity.ToString().ToLowerInvariant();
            o["ld_support"] = h.LdSupport == LdSupport.AllPositions ? "all" : "background";
            o["ld_weighting"] = h.LdWeighting == LdWeighting.Code ? "code" : "per-position";
        }
        if (Phnet is { } p)
        {
            o["enc_sizes"] = new JsonArray(p.EncSizes.Select(v => (JsonNode)v).ToArray());
            o["grid_counts"] = new JsonArray(p.GridCounts.Select(v => (JsonNode)v).ToArray());
            o["init_weights"] = new JsonArray(p.InitWeights.Select(v => (JsonNode)v).ToArray());
            o["init_value"] = p.InitValue;
        }
        return o.ToJsonString();
    }

    /// <summary>Parses the JSON form; unknown keys and bad values are errors that name them.</summary>
    public static ModelSpec FromJson(string json)
    {
        JsonObject o;
        try { o = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("the model config must be a JSON object"); }
        catch (JsonException e) { throw new InvalidDataException($"the model config is not valid JSON: {e.Message}"); }
        string arch = Text(o, "architecture") ?? throw new InvalidDataException("the model config has no \"architecture\" (hdnet or phnet)");
        var known = arch switch
        {
            "hdnet" => new[] { "architecture", "ngf", "input_nc", "output_nc", "ld_topk", "ld_similarity", "ld_support", "ld_weighting" },
            "phnet" => ["architecture", "enc_sizes", "grid_counts", "grid_count", "init_weights", "init_value"],
            _ => throw new InvalidDataException($"unknown architecture '{arch}' (expected hdnet or phnet)"),
        };
        var unknown = o.Select(kv => kv.Key).Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0) throw new InvalidDataException($"unknown key(s) in the {arch} config: {string.Join(", ", unknown)}");
        try
        {
            if (arch == "hdnet")
            {
                var d = HdnetConfig.Full;
                var config = new HdnetConfig
                {
                    Ngf = Int(o, "ngf") ?? d.Ngf,
                    InputChannels = Int(o, "input_nc") ?? d.InputChannels,
                    OutputChannels = Int(o, "output_nc") ?? d.OutputChannels,
                    LdTopK = Int(o, "ld_topk") ?? d.LdTopK,
                    LdSimilarity = Text(o, "ld_similarity") switch { null or "dot" => LdSimilarity.Dot, "cosine" => LdSimilarity.Cosine, var v => throw new InvalidDataException($"ld_similarity '{v}' (expected dot or cosine)") },
                    LdSupport = Text(o, "ld_support") switch { null or "all" => LdSupport.AllPositions, "background" => LdSupport.BackgroundOnly, var v => throw new InvalidDataException($"ld_support '{v}' (expected all or background)") },
                    LdWeighting = Text(o, "ld_weighting") switch { null or "code" => LdWeighting.Code, "per-position" => LdWeighting.PerPosition, var v => throw new InvalidDataException($"ld_weighting '{v}' (expected code or per-position)") },
                };
                config.Validate();
                return ForHdnet(config);
            }
            var pd = PhnetConfig.IHarmony4;
            var phnet = new PhnetConfig
            {
                EncSizes = Ints(o, "enc_sizes") ?? pd.EncSizes,
                GridCounts = Ints(o, "grid_counts") ?? Ints(o, "grid_count") ?? pd.GridCounts,
                InitWeights = o["init_weights"] is JsonArray w ? w.Select(v => v!.GetValue<float>()).ToArray() : pd.InitWeights,
                InitValue = o["init_value"]?.GetValue<float>() ?? pd.InitValue,
            };
            phnet.Validate();
            return ForPhnet(phnet);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"bad {arch} config: {e.Message}");
        }
    }

    private static string? Text(JsonObject o, string key) => o[key]?.GetValue<string>();
    private static int? Int(JsonObject o, string key) => o[key]?.GetValue<int>();
    private static int[]? Ints(JsonObject o, string key) => o[key]?.AsArray().Select(v => (int)v!.GetValue<double>()).ToArray();
}
