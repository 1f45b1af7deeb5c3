using System.Globalization;
using Harmonia.Cli.Conversion;
using Harmonia.Models;
using Harmonia.NN.Serialization;

namespace Harmonia.Cli.Catalog;

/// <summary>One line of <c>harmonia models</c>.</summary>
/// <param name="Name">The preset name (for <c>--model</c>).</param>
/// <param name="Kind">"network" or "baseline".</param>
/// <param name="Parameters">Learnable parameters, counted on the built network; null for baselines.</param>
/// <param name="ValueRange">The pixel range the network reads and writes, or "-" for baselines.</param>
/// <param name="BundledWeights">Whether weights ship with Harmonia: "yes", "none (use --weights)", "not needed", or why they cannot be used.</param>
/// <param name="Description">The preset's one-line description.</param>
/// <param name="TrainingRecord">What the bundled weights were trained on, from the file's metadata; null when there are none.</param>
public sealed record ModelListingRow(string Name, string Kind, long? Parameters, string ValueRange, string BundledWeights, string Description, string? TrainingRecord = null)
{
    /// <summary><see cref="Parameters"/> in millions with two decimals ("10.41 M"), or "-".</summary>
    public string ParametersText => Parameters is { } count
        ? string.Create(CultureInfo.InvariantCulture, $"{count / 1e6:0.00} M")
        : "-";
}

/// <summary>
/// Describes every preset of <see cref="ModelCatalog"/>: parameter counts come from building each network
/// (so they are the real counts, not copied from the papers), and the bundled-weights column from the
/// bundled file's own metadata (<see cref="TrainedOnKey"/>, or else <see cref="CheckpointConverter.ProvenanceKey"/>).
/// </summary>
public static class ModelListing
{
    /// <summary>Metadata key in bundled safetensors files saying what the weights were trained on.</summary>
    public const string TrainedOnKey = Harmonia.Training.Checkpoints.TrainingCheckpoint.TrainedOnKey;

    // Building a network to count its parameters allocates and initializes every weight (PHNet-FFHQH has
    // about 40 M), so each preset is counted once per process.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> ParameterCounts = new(StringComparer.Ordinal);

    /// <summary>One row per preset, in catalog order, checking for bundled weights in <paramref name="bundledModelsDirectory"/>.</summary>
    public static IReadOnlyList<ModelListingRow> Create(string bundledModelsDirectory) =>
        [.. ModelCatalog.Presets.Select(preset => Describe(preset, bundledModelsDirectory))];

    private static ModelListingRow Describe(ModelPreset preset, string bundledModelsDirectory)
    {
        if (preset.Spec is not { } spec)
            return new(preset.Name, "baseline", null, "-", "not needed", preset.Description);
        var parameters = ParameterCounts.GetOrAdd(preset.Name, _ => spec.Build().ParameterCount());
        var range = spec.UsesSymmetricRange ? "[-1, 1]" : "[0, 1]";
        var (status, record) = DescribeBundledWeights(preset, bundledModelsDirectory);
        return new(preset.Name, "network", parameters, range, status, preset.Description, record);
    }

    private static (string Status, string? Record) DescribeBundledWeights(ModelPreset preset, string bundledModelsDirectory)
    {
        if (preset.BundledWeights is null)
            return ("none (use --weights)", null);
        var path = Path.Combine(bundledModelsDirectory, preset.BundledWeights);
        if (!File.Exists(path))
            return ($"not in this build ({preset.BundledWeights})", null);
        StateDict weights;
        try
        {
            weights = SafeTensorsFile.Read(path);
        }
        catch (CheckpointFormatException error)
        {
            return ($"unreadable: {error.Message}", null);
        }
        if (weights.Metadata.TryGetValue(TrainedOnKey, out var trainedOn))
            return ("yes", "trained on " + ReadableTrainingRecord(trainedOn));
        return weights.Metadata.TryGetValue(CheckpointConverter.ProvenanceKey, out var provenance)
            ? ("yes", provenance)
            : ("yes", "no training record in the file");
    }

    /// <summary>
    /// A training record as written by <c>train</c>. Records written before it named the data folder
    /// separately read "SUBSET of FOLDER: ..." (the bundled files say "Lalonde of lalonde"); when the folder only
    /// repeats the subset's name it is left out.
    /// </summary>
    public static string ReadableTrainingRecord(string record)
    {
        var match = System.Text.RegularExpressions.Regex.Match(record, @"^(?<subset>[^:]+?) of (?<folder>[^:]+?):");
        return match.Success && string.Equals(match.Groups["subset"].Value, match.Groups["folder"].Value, StringComparison.OrdinalIgnoreCase)
            ? match.Groups["subset"].Value + record[(match.Length - 1)..]
            : record;
    }
}
