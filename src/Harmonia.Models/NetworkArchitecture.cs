using System.Text.Json.Nodes;
using Harmonia.NN;
using Harmonia.NN.Serialization;

namespace Harmonia.Models;

/// <summary>
/// One network family Harmonia can build (HDNet, PHNet, …), in one place: its config and how it
/// reads and writes it as JSON, how to build the network, the value range it works in, how to
/// recognise its weights from their tensor names, its authors' training recipe, and its named
/// presets. <see cref="ModelCatalog"/> lists every architecture; nothing else switches on one.
/// </summary>
public abstract class NetworkArchitecture : IModelFamily
{
    /// <summary>The name in a config's <c>"architecture"</c> key, e.g. "hdnet".</summary>
    public abstract string Name { get; }

    /// <summary>The pixel range the network reads and writes.</summary>
    public abstract NetworkValueRange Range { get; }

    /// <summary>How the authors train it; the default training recipe is made from this.</summary>
    public abstract PublishedRecipe Recipe { get; }

    /// <inheritdoc/>
    public abstract IReadOnlyList<ModelPreset> Presets { get; }

    /// <summary>The config's JSON keys besides <c>"architecture"</c>; any other key is an error.</summary>
    public abstract IReadOnlyCollection<string> ConfigKeys { get; }

    /// <summary>Whether <paramref name="config"/> is this architecture's kind of config.</summary>
    public abstract bool Accepts(INetworkConfig config);

    /// <summary>Builds the network (weights at their initial values).</summary>
    public abstract Module Build(INetworkConfig config);

    /// <summary>Reads the config from <paramref name="json"/>; absent keys take the defaults.</summary>
    /// <exception cref="InvalidDataException">A value is not one of the allowed words.</exception>
    /// <exception cref="InvalidOperationException">A value has the wrong JSON type.</exception>
    public abstract INetworkConfig ReadConfig(JsonObject json);

    /// <summary>Writes the config's keys (snake_case, as in the authors' configs) into <paramref name="json"/>.</summary>
    public abstract void WriteConfig(INetworkConfig config, JsonObject json);

    /// <summary>
    /// The spec that <paramref name="weights"/> fit, read off their tensor names and shapes (PyTorch
    /// checkpoints carry no config); null when they are not this architecture's.
    /// </summary>
    public abstract ModelSpec? Recognize(StateDict weights);

    /// <summary>A name for a network of this architecture that is not a preset, e.g. "hdnet-ngf16".</summary>
    public abstract string NameOf(INetworkConfig config);

    /// <summary>
    /// The weights a new training run of <paramref name="config"/> starts from when given
    /// <paramref name="weights"/> (<c>train --init</c>): an architecture that can start from another's
    /// checkpoint adapts it here. The default takes them as they are.
    /// </summary>
    public virtual StateDict StartingWeights(StateDict weights, INetworkConfig config) => weights;

    /// <summary>The architecture's <see cref="Name"/>.</summary>
    public override string ToString() => Name;
}

/// <summary>A <see cref="NetworkArchitecture"/> whose config is a <typeparamref name="TConfig"/>.</summary>
public abstract class NetworkArchitecture<TConfig> : NetworkArchitecture where TConfig : class, INetworkConfig
{
    /// <summary>A spec of this architecture with <paramref name="config"/>.</summary>
    public ModelSpec Spec(TConfig config) => new(this, config);

    /// <inheritdoc/>
    public sealed override bool Accepts(INetworkConfig config) => config is TConfig;

    /// <inheritdoc/>
    public sealed override Module Build(INetworkConfig config) => BuildNetwork(Typed(config));

    /// <inheritdoc/>
    public sealed override INetworkConfig ReadConfig(JsonObject json) => Read(json);

    /// <inheritdoc/>
    public sealed override void WriteConfig(INetworkConfig config, JsonObject json) => Write(Typed(config), json);

    /// <inheritdoc/>
    public sealed override string NameOf(INetworkConfig config) => NameOf(Typed(config));

    /// <summary>Builds the network for <paramref name="config"/>.</summary>
    protected abstract Module BuildNetwork(TConfig config);

    /// <summary>Reads the config; see <see cref="NetworkArchitecture.ReadConfig"/>.</summary>
    protected abstract TConfig Read(JsonObject json);

    /// <summary>Writes the config; see <see cref="NetworkArchitecture.WriteConfig"/>.</summary>
    protected abstract void Write(TConfig config, JsonObject json);

    /// <summary>The name of a non-preset network; see <see cref="NetworkArchitecture.NameOf(INetworkConfig)"/>.</summary>
    protected abstract string NameOf(TConfig config);

    private TConfig Typed(INetworkConfig config) => config as TConfig
        ?? throw new ArgumentException($"a {config.GetType().Name} is not a {Name} config", nameof(config));
}
