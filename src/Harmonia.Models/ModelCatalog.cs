using Harmonia.Models.Baselines;
using Harmonia.Models.Hdnet;
using Harmonia.Models.Phnet;
using Harmonia.NN.Serialization;

namespace Harmonia.Models;

/// <summary>A named model: a network preset (with optional bundled weights) or a baseline.</summary>
/// <param name="Name">What users type after --model.</param>
/// <param name="Description">One line for `harmonia models`.</param>
/// <param name="Spec">The network, or null for a baseline.</param>
/// <param name="BundledWeights">File name under the bundled models folder, or null when none ships.</param>
public sealed record ModelPreset(string Name, string Description, ModelSpec? Spec, string? BundledWeights);

/// <summary>
/// The models Harmonia knows by name, and how to get a ready <see cref="IHarmonizer"/> from a
/// name, a config file and/or a weights file.
/// </summary>
public static class ModelCatalog
{
    /// <summary>Metadata key under which Harmonia stores the <see cref="ModelSpec"/> JSON in safetensors files.</summary>
    public const string SpecMetadataKey = "harmonia.model";

    /// <summary>Every preset, networks first.</summary>
    public static IReadOnlyList<ModelPreset> Presets { get; } =
    [
        new("hdnet", "HDNet (ACM MM 2023), ngf 32", ModelSpec.ForHdnet(HdnetConfig.Full), null),
        new("hdnet-lite", "HDNet-lite: HDNet at a quarter of the width, ngf 8", ModelSpec.ForHdnet(HdnetConfig.Lite), "hdnet-lite.safetensors"),
        new("phnet", "PHNet for iHarmony4: enc_sizes [3,16,32,64,128,256,512], grid_counts [10,5,1]", ModelSpec.ForPhnet(PhnetConfig.IHarmony4), null),
        new("phnet-lite", "PHNet-lite (Harmonia's, experimental: its bundled weights change photos that need no fix, see docs/training.md): PHNet at half the width, enc_sizes [3,8,16,32,64,128,256], grid_counts [10,5,1]", ModelSpec.ForPhnet(PhnetConfig.Lite), "phnet-lite.safetensors"),
        new("phnet-ffhqh", "PHNet for FFHQH portraits: enc_sizes [3,16,64,128,256,512,1024], grid_counts [4,3,2,1]", ModelSpec.ForPhnet(PhnetConfig.Ffhqh), null),
        new("composite", "baseline: returns the composite unchanged", null, null),
        new("reinhard", "baseline: Reinhard colour transfer of the foreground's Lab statistics to the background's", null, null),
    ];

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
            return preset.Name == "composite" ? new CompositeBaseline() : new ReinhardBaseline();
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
            preset ??= spec is null ? Find("hdnet-lite") : null;
            if (preset is null) throw new ArgumentException("a config alone has no weights; pass --weights");
            if (preset.BundledWeights is null)
                throw new ArgumentException($"{preset.Name} has no bundled weights; pass --weights with a .pth or .safetensors file");
            source = Path.Combine(bundledModelsDirectory, preset.BundledWeights);
            if (!File.Exists(source)) throw new FileNotFoundException($"the bundled weights of {preset.Name} are missing: {source}", source);
            state = SafeTensorsFile.Read(source);
        }

        if (spec is null && state.Metadata.TryGetValue(SpecMetadataKey, out var stored)) spec = ModelSpec.FromJson(stored);
        spec ??= ModelSpecInference.FromStateDict(state)
            ?? throw new ArgumentException($"{source}: cannot tell the architecture; pass --model or --config");
        var network = spec.Build();
        network.LoadStateDict(state, source);
        string name = preset?.Name ?? (spec.Architecture == "hdnet" ? $"hdnet-ngf{spec.Hdnet!.Ngf}" : "phnet");
        return new NetworkHarmonizer(name, spec, network);
    }

    /// <summary>Prefix of the optimizer state that Harmonia's training checkpoints carry beside the weights.</summary>
    public const string OptimizerStatePrefix = "optimizer.";

    /// <summary>
    /// Reads .safetensors or PyTorch .pth/.pt weights, by extension. The optimizer state of a training
    /// checkpoint is dropped, so a checkpoint serves as weights directly.
    /// </summary>
    public static StateDict ReadWeights(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var state = extension switch
        {
            ".safetensors" => SafeTensorsFile.Read(path),
            ".pth" or ".pt" or ".ckpt" => PyTorchCheckpoint.Read(path),
            _ => throw new ArgumentException($"{path}: unknown weights format '{extension}' (expected .safetensors or .pth)"),
        };
        foreach (var key in state.Keys.Where(k => k.StartsWith(OptimizerStatePrefix, StringComparison.Ordinal)).ToArray()) state.Remove(key);
        return state;
    }
}
