using Harmonia.Models;
using Harmonia.NN.Serialization;

namespace Harmonia;

/// <summary>
/// Turns a model name or a weights file into a ready <see cref="IHarmonizer"/>, with errors in the
/// library's terms (<see cref="ModelLoadException"/>) rather than the command line's.
/// </summary>
internal static class ModelLoader
{
    /// <summary>The preset <paramref name="name"/> with its bundled weights (or a baseline).</summary>
    public static IHarmonizer LoadPreset(string name)
    {
        var preset = FindPreset(name) ?? throw new ModelLoadException(name, $"unknown model (known: {KnownNames()})");
        if (preset.Spec is null)
            return ModelCatalog.Load(preset.Name, configJson: null, weightsPath: null, bundledModelsDirectory: "");
        if (preset.BundledWeights is null)
            throw new ModelLoadException(name,
                $"no trained weights ship with this model; load a weights file instead: Harmonizer.LoadWeights(path, \"{name}\") (bundled: {string.Join(", ", BundledModelNames())})");
        var state = BundledWeights.Read(preset.BundledWeights)
            ?? throw new ModelLoadException(name, $"this build of the package does not contain its weights ({preset.BundledWeights})");
        return Build(preset.Name, preset.Spec, state, $"bundled {preset.BundledWeights}");
    }

    /// <summary>
    /// Weights from a .safetensors or PyTorch .pth file. The architecture comes from
    /// <paramref name="presetName"/> when given, else from the file's Harmonia metadata, else from its tensors.
    /// </summary>
    public static IHarmonizer LoadWeights(string path, string? presetName)
    {
        ModelPreset? preset = null;
        if (presetName is not null)
        {
            preset = FindPreset(presetName) ?? throw new ModelLoadException(presetName, $"unknown model (known: {KnownNames()})");
            if (preset.Spec is null) throw new ModelLoadException(presetName, "is a baseline and takes no weights");
        }
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: the weights file does not exist", path);

        StateDict state;
        try
        {
            state = ModelCatalog.ReadWeights(path);
        }
        catch (Exception error) when (error is CheckpointFormatException or ArgumentException or InvalidDataException)
        {
            throw new ModelLoadException(path, ProblemOf(error, path), error);
        }

        var spec = preset?.Spec;
        try
        {
            spec ??= ModelCatalog.StoredSpec(state) ?? ModelCatalog.RecognizeSpec(state);
        }
        catch (InvalidDataException error)
        {
            throw new ModelLoadException(path, $"its stored model description is invalid: {error.Message}", error);
        }
        if (spec is null)
            throw new ModelLoadException(path,
                $"cannot tell the architecture from the file; name it: Harmonizer.LoadWeights(path, model) with one of {string.Join(", ", NetworkNames())}");

        string name = preset?.Name ?? Path.GetFileNameWithoutExtension(path);
        return Build(name, spec, state, path);
    }

    /// <summary>Every model name <see cref="LoadPreset"/> accepts.</summary>
    public static IEnumerable<string> KnownNamesList() => ModelCatalog.Presets.Select(p => p.Name);

    /// <summary>The presets whose trained weights are embedded, plus the baselines (which need none).</summary>
    public static IEnumerable<string> BundledModelNames()
        => ModelCatalog.Presets.Where(p => p.Spec is null || (p.BundledWeights is not null && BundledWeights.Contains(p.BundledWeights))).Select(p => p.Name);

    private static IHarmonizer Build(string name, ModelSpec spec, StateDict state, string source)
    {
        var network = spec.Build();
        try
        {
            network.LoadStateDict(state, source);
        }
        catch (InvalidDataException error) when (WeightsIdentity.OfOther(state, spec) is { } actual)
        {
            throw new ModelLoadException(source, $"{actual.Refusal(name)}; load the file without a model name " +
                "(the architecture is read from the weights)" + (actual.PresetName is { } fits ? $" or as \"{fits}\"" : ""), error);
        }
        catch (InvalidDataException error)
        {
            throw new ModelLoadException(source, ProblemOf(error, source), error);
        }
        // Harmonia's colour-map output, as the command line and the web page use by default.
        return HarmonizerOutput.Apply(new NetworkHarmonizer(name, spec, network), OutputModeNames.Default);
    }

    private static ModelPreset? FindPreset(string name) => ModelCatalog.Presets.FirstOrDefault(p => p.Name == name);

    private static string KnownNames() => string.Join(", ", KnownNamesList());

    private static IEnumerable<string> NetworkNames() => ModelCatalog.Presets.Where(p => p.Spec is not null).Select(p => p.Name);

    // The readers start their messages with the file name; the exception adds it again.
    private static string ProblemOf(Exception error, string source)
        => error.Message.StartsWith(source + ": ", StringComparison.Ordinal) ? error.Message[(source.Length + 2)..] : error.Message;
}
