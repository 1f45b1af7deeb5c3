using System.Text.Json;
using System.Text.Json.Nodes;
using Harmonia.NN;

namespace Harmonia.Models;

/// <summary>
/// Which network, at which widths: enough to build it before loading weights. Serialised as
/// the small JSON the CLI accepts, e.g. <c>{"architecture":"hdnet","ngf":8}</c> or
/// <c>{"architecture":"phnet","enc_sizes":[…],"grid_counts":[…]}</c>, and stored in the
/// metadata of Harmonia's safetensors files so a weights file alone is enough to run.
/// Make one with an architecture's <c>Spec</c> method, e.g. <c>HdnetArchitecture.Instance.Spec(HdnetConfig.Lite)</c>.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>A spec of <paramref name="architecture"/> with <paramref name="config"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="config"/> is another architecture's.</exception>
    public ModelSpec(NetworkArchitecture architecture, INetworkConfig config)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(config);
        if (!architecture.Accepts(config)) throw new ArgumentException($"a {config.GetType().Name} is not a {architecture.Name} config", nameof(config));
        Architecture = architecture;
        Config = config;
    }

    /// <summary>The network family.</summary>
    public NetworkArchitecture Architecture { get; }

    /// <summary>Its settings, of the architecture's config type (e.g. <see cref="Hdnet.HdnetConfig"/>).</summary>
    public INetworkConfig Config { get; }

    /// <summary>The value range the network reads and writes.</summary>
    public NetworkValueRange Range => Architecture.Range;

    /// <summary>True when the network works in [−1, 1] (HDNet), false for [0, 1] (PHNet).</summary>
    public bool UsesSymmetricRange => Range == NetworkValueRange.MinusOneToOne;

    /// <summary>Builds the network this spec describes (weights at their initial values).</summary>
    public Module Build() => Architecture.Build(Config);

    /// <summary>The JSON form, with snake_case keys as in the authors' configs.</summary>
    public string ToJson()
    {
        var o = new JsonObject { ["architecture"] = Architecture.Name };
        Architecture.WriteConfig(Config, o);
        return o.ToJsonString();
    }

    /// <summary>Parses the JSON form; unknown keys and bad values are errors that name them.</summary>
    /// <exception cref="InvalidDataException">The JSON is not a valid spec.</exception>
    public static ModelSpec FromJson(string json)
    {
        JsonObject o;
        try { o = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("the model config must be a JSON object"); }
        catch (JsonException e) { throw new InvalidDataException($"the model config is not valid JSON: {e.Message}"); }
        string expected = string.Join(" or ", ModelCatalog.Architectures.Select(a => a.Name));
        string name = ConfigJson.Text(o, "architecture") ?? throw new InvalidDataException($"the model config has no \"architecture\" ({expected})");
        var architecture = ModelCatalog.Architectures.FirstOrDefault(a => a.Name == name)
            ?? throw new InvalidDataException($"unknown architecture '{name}' (expected {expected})");
        var unknown = o.Select(kv => kv.Key).Where(k => k != "architecture" && !architecture.ConfigKeys.Contains(k)).ToList();
        if (unknown.Count > 0) throw new InvalidDataException($"unknown key(s) in the {name} config: {string.Join(", ", unknown)}");
        try
        {
            var config = architecture.ReadConfig(o);
            config.Validate();
            return new ModelSpec(architecture, config);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"bad {name} config: {e.Message}");
        }
    }
}
