using Harmonia.Cli.Errors;
using Harmonia.Cli.Options;
using Harmonia.Models;

namespace Harmonia.Cli.Inference;

/// <summary>
/// The model a user asked for with <c>--model</c>, <c>--config</c> and <c>--weights</c>, and how to
/// load it. With none of the three, the default preset <see cref="DefaultModel"/> runs with its
/// bundled weights.
/// </summary>
/// <param name="Model">A preset name, or null.</param>
/// <param name="ConfigPath">A model configuration file (JSON), or null.</param>
/// <param name="WeightsPath">A .pth or .safetensors file, or null for the preset's bundled weights.</param>
/// <param name="Output">How a network's result reaches the picture (<see cref="OutputMode"/>); baselines ignore it.</param>
/// <param name="MinimumChange">The colour map's <see cref="ColorMapHarmonizer.MinimumChange"/>; other outputs ignore it.</param>
/// <param name="ColorGuard">The colour map's <see cref="ColorMapHarmonizer.ColorGuard"/>, null for the default; other outputs ignore it.</param>
public sealed record ModelChoice(string? Model, string? ConfigPath, string? WeightsPath, OutputMode Output = OutputModeNames.Default,
    double MinimumChange = ColorMapHarmonizer.DefaultMinimumChange, ColorGuard? ColorGuard = null)
{
    /// <summary>The preset used when neither <c>--model</c> nor <c>--config</c> is given.</summary>
    public const string DefaultModel = ModelCatalog.DefaultModel;

    /// <summary>The working size of networks when <c>--size</c> is omitted: 256, the resolution both
    /// papers train and evaluate at. Baselines have no trained resolution and run at the image's own size.</summary>
    public static readonly ProcessingSize DefaultNetworkSize = ProcessingSize.Square(256);

    /// <summary>
    /// Loads the harmonizer. Fails with a one-line <see cref="CliException"/> when a preset's bundled
    /// weights are needed but absent from <paramref name="bundledModelsDirectory"/>; other problems
    /// (unreadable config, weights that do not fit) surface as the model library's errors, which name the file.
    /// </summary>
    public IHarmonizer Load(string bundledModelsDirectory)
    {
        var configJson = ConfigPath is null ? null : ReadConfig(ConfigPath);
        EnsureBundledWeightsExist(bundledModelsDirectory);
        var harmonizer = ModelCatalog.Load(Model, configJson, WeightsPath, bundledModelsDirectory);
        return HarmonizerOutput.Apply(harmonizer, Output, MinimumChange, ColorGuard);
    }

    /// <summary>Reads and checks a model configuration file; a bad one is an error naming the file.</summary>
    public static string ReadConfig(string path)
    {
        var json = File.ReadAllText(path);
        try
        {
            ModelSpec.FromJson(json);
        }
        catch (InvalidDataException error)
        {
            throw new CliException(path, error.Message, error);
        }
        return json;
    }

    /// <summary>The working size for <paramref name="harmonizer"/>: <paramref name="requested"/> when given,
    /// otherwise <see cref="DefaultNetworkSize"/> for networks and the native size for baselines.</summary>
    /// <exception cref="CliException">See <see cref="CheckRequestedSize"/>.</exception>
    public static ProcessingSize WorkingSize(ProcessingSize? requested, IHarmonizer harmonizer)
    {
        CheckRequestedSize(requested, harmonizer);
        return requested ?? (HarmonizerOutput.IsNetwork(harmonizer) ? DefaultNetworkSize : ProcessingSize.Native);
    }

    /// <summary>Refuses a requested side length the model cannot work at (not a multiple of its
    /// <see cref="IHarmonizer.SizeMultiple"/>), naming <c>--size</c> rather than an image.</summary>
    /// <exception cref="CliException">The size does not suit the model; the message suggests the nearest one that does.</exception>
    public static void CheckRequestedSize(ProcessingSize? requested, IHarmonizer harmonizer)
    {
        if (requested?.Pixels is not int pixels || pixels % harmonizer.SizeMultiple == 0) return;
        int multiple = harmonizer.SizeMultiple;
        int suggestion = Math.Max(multiple, (pixels + multiple / 2) / multiple * multiple);
        throw new CliException("--size", $"{harmonizer.Name} works on sizes that are multiples of {multiple}, and {pixels} is not (try --size {suggestion})");
    }

    // ModelCatalog would report a missing bundled file as "file not found"; say instead what the user can do.
    private void EnsureBundledWeightsExist(string bundledModelsDirectory)
    {
        if (WeightsPath is not null || ConfigPath is not null)
            return;
        var preset = ModelCatalog.Find(Model ?? DefaultModel);
        if (preset.Spec is null || preset.BundledWeights is null)
            return; // a baseline needs no weights; a preset without bundled weights gets the catalog's own message
        var path = Path.Combine(bundledModelsDirectory, preset.BundledWeights);
        if (!File.Exists(path))
            throw new CliException(
                path,
                $"{preset.Name} has no bundled weights in this build (the file is missing); " +
                "pass --weights W.pth|W.safetensors, or pick another model such as --model reinhard (see 'harmonia models')");
    }
}
