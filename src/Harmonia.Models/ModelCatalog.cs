using Harmonia.Models.Baselines;
using Harmonia.Models.Hdnet;
using Harmonia.Models.HdnetAffine;
using Harmonia.Models.Phnet;
using Harmonia.Models.PhnetAffine;
using Harmonia.NN.Serialization;

namespace Harmonia.Models;

/// <summary>
/// The models Harmonia knows by name, and how to get a ready <see cref="IHarmonizer"/> from a
/// name, a config file and/or a weights file.
/// </summary>
public static class ModelCatalog
{
    /// <summary>Metadata key under which Harmonia stores the <see cref="ModelSpec"/> JSON in safetensors files.</summary>
    public const string SpecMetadataKey = "harmonia.model";

    /// <summary>The preset used when no model is named: HDNet-lite, trained by Harmonia.</summary>
    public const string DefaultModel = "hdnet-lite";

    // The one list of model families. Each lives in its own folder and owns its presets; adding an
    // architecture is its folder plus one line here (see docs/architecture.md).
    private static readonly IModelFamily[] Families =
    [
        HdnetArchitecture.Instance,
        HdnetAffineArchitecture.Instance,
        PhnetArchitecture.Instance,
        PhnetAffineArchitecture.Instance,
        ClassicalBaselines.Instance,
    ];

    /// <summary>Every preset, networks first, each family's in its own order.</summary>
    public static IReadOnlyList<ModelPreset> Presets { get; } = [.. Families.SelectMany(f => f.Presets)];

    /// <summary>Every network architecture, in the order weights are matched against them.</summary>
    public static IReadOnlyList<NetworkArchitecture> Architectures { get; } = [.. Families.OfType<NetworkArchitecture>()];

    /// <summary>The preset called <paramref name="name"/>; the error lists the known names.</summary>
    public static ModelPreset Find(string name)
        => Presets.FirstOrDefault(p => p.Name == name)
           ?? throw new ArgumentException($"unknown model '{name}' (known: {string.Join(", ", Presets.Select(p => p.Name))})");

    /// <summary>
    /// Builds a harmonizer. <paramref name="modelName"/> picks a preset, <paramref name="configJson"/>
    /// an explicit architecture; <paramref name="weightsPath"/> (.safetensors or PyTorch .pth) supplies
    /// weights, otherwise the preset's bundled weights from <paramref name="bundledModelsDirectory"/>.
    /// A safetensors file written by Harmonia carries its own architecture, so it is enough alone.
    /// </summary>
    public static IHarmonizer Load(string? modelName, string? configJson, string? weightsPath, string bundledModelsDirectory)
    {
        if (modelName is not null && configJson is not null) throw new ArgumentException("give either a model name or a config, not both");
        var preset = modelName is null ? null : Find(modelName);
        if (preset is { Spec: null })
        {
            if (weightsPath is not null) throw new ArgumentException($"{preset.Name} is a baseline and takes no weights");
            return preset.CreateBaseline();
        }
        var spec = configJson is not null ? ModelSpec.FromJson(configJson) : preset?.Spec;

        string source;
        StateDict state;
        if (weightsPath is not null)
        {
            source = weightsPath;
            state = ReadWeights(weightsPath);
        }
        else
        {
            preset ??= spec is null ? Find(DefaultModel) : null;
            if (preset is null) throw new ArgumentException("a config alone has no weights; pass --weights");
            if (preset.BundledWeights is null)
                throw new ArgumentException($"{preset.Name} has no bundled weights; pass --weights with a .pth or .safetensors file");
            source = Path.Combine(bundledModelsDirectory, preset.BundledWeights);
            if (!File.Exists(source)) throw new FileNotFoundException($"the bundled weights of {preset.Name} are missing: {source}", source);
            state = SafeTensorsFile.Read(source);
        }

        spec ??= StoredSpec(state) ?? RecognizeSpec(state)
            ?? throw new ArgumentException($"{source}: cannot tell the architecture; pass --model or --config");
        var network = spec.Build();
        try
        {
            network.LoadStateDict(state, source);
        }
        catch (InvalidDataException error) when (WeightsIdentity.OfOther(state, spec) is { } actual)
        {
            // Weights of another architecture (--model phnet with HDNet-lite's file): name what they are.
            string asked = preset?.Name ?? spec.Architecture.NameOf(spec.Config);
            throw new InvalidDataException($"{source} {actual.Refusal(asked)}; " +
                "leave out --model and --config (the architecture is read from the weights)" +
                (actual.PresetName is { } fits ? $" or pass --model {fits}" : ""), error);
        }
        string name = preset?.Name ?? spec.Architecture.NameOf(spec.Config);
        return new NetworkHarmonizer(name, spec, network);
    }

    /// <summary>The spec a Harmonia weights file stores under <see cref="SpecMetadataKey"/>, or null when it has none.</summary>
    /// <exception cref="InvalidDataException">The stored spec is not valid.</exception>
    public static ModelSpec? StoredSpec(StateDict weights)
        => weights.Metadata.TryGetValue(SpecMetadataKey, out var stored) ? ModelSpec.FromJson(stored) : null;

    /// <summary>
    /// The spec that <paramref name="weights"/> fit, recognised from their tensor names and shapes by
    /// the first architecture that knows them (PyTorch checkpoints carry no config); null when none does.
    /// </summary>
    public static ModelSpec? RecognizeSpec(StateDict weights)
        => Architectures.Select(a => a.Recognize(weights)).FirstOrDefault(spec => spec is not null);

    /// <summary>
    /// Reads .safetensors or PyTorch .pth/.pt weights, by extension. The optimizer state of a training
    /// checkpoint is dropped, so a checkpoint serves as weights directly.
    /// </summary>
    public static StateDict ReadWeights(string path)
    {
        if (Directory.Exists(path))
            throw new ArgumentException($"{path}: is a folder; weights are one .safetensors or .pth file");
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var state = extension switch
        {
            ".safetensors" => SafeTensorsFile.Read(path),
            ".pth" or ".pt" or ".ckpt" => PyTorchCheckpoint.Read(path),
            _ => throw new ArgumentException($"{path}: unknown weights format '{extension}' (expected .safetensors or .pth)"),
        };
        state.RemoveOptimizerState();
        return state;
    }
}
