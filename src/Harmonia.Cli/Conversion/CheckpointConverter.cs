using System.Globalization;
using System.Security.Cryptography;
using Harmonia.Cli.Errors;
using Harmonia.Cli.Output;
using Harmonia.Models;
using Harmonia.NN.Serialization;
using Harmonia.Training.Checkpoints;

namespace Harmonia.Cli.Conversion;

/// <summary>What <see cref="CheckpointConverter.Convert"/> wrote.</summary>
/// <param name="Spec">The architecture stored in the output.</param>
/// <param name="SpecSource">Where the architecture came from: "config", "metadata" or "inferred".</param>
/// <param name="TensorCount">Tensors written.</param>
/// <param name="ParameterCount">Learnable parameters of the network.</param>
/// <param name="SourceSha256">SHA-256 of the input file, lower-case hex.</param>
public sealed record ConversionResult(ModelSpec Spec, string SpecSource, int TensorCount, long ParameterCount, string SourceSha256);

/// <summary>
/// Turns a checkpoint (a PyTorch <c>.pth</c>, or a safetensors file without Harmonia's metadata) into a
/// self-describing safetensors file: the tensors the network declares, in its order, plus the model
/// spec under <see cref="ModelCatalog.SpecMetadataKey"/> and provenance metadata, so the file alone is
/// enough for <c>harmonia run --weights</c>.
/// </summary>
public static class CheckpointConverter
{
    /// <summary>Metadata key: one readable line saying where the weights came from.</summary>
    public const string ProvenanceKey = "harmonia.provenance";

    /// <summary>Metadata key: file name of the converted checkpoint.</summary>
    public const string SourceFileKey = "harmonia.source_file";

    /// <summary>Metadata key: SHA-256 (hex) of the converted checkpoint.</summary>
    public const string SourceSha256Key = "harmonia.source_sha256";

    /// <summary>Metadata key: when the conversion ran (UTC, ISO 8601).</summary>
    public const string ConvertedAtKey = "harmonia.converted_at";

    /// <summary>
    /// Converts <paramref name="inputPath"/> to <paramref name="outputPath"/>. The architecture comes from
    /// <paramref name="configJson"/> when given, else from the input's own Harmonia metadata, else it is
    /// inferred from the tensor names and shapes. The weights are validated by building the network and
    /// loading them strictly (every tensor present, none extra, shapes equal) before anything is written;
    /// the output is written atomically and never replaces an existing file unless <paramref name="overwrite"/>.
    /// </summary>
    /// <remarks><paramref name="trainedOn"/>, when given, replaces <see cref="TrainingCheckpoint.TrainedOnKey"/>.</remarks>
    public static ConversionResult Convert(string inputPath, string outputPath, string? configJson, bool overwrite, DateTimeOffset now,
        string? trainedOn = null)
    {
        OverwriteGuard.EnsureFileCanBeWritten(outputPath, overwrite);
        var source = ModelCatalog.ReadWeights(inputPath);
        var (spec, specSource) = DetermineSpec(source, configJson, inputPath);

        var network = spec.Build();
        network.LoadStateDict(source, inputPath);
        var converted = network.ToStateDict();

        // Keep what the source said about itself (e.g. what it was trained on), then state this conversion.
        foreach (var (key, value) in source.Metadata)
            converted.Metadata[key] = value;
        var sha256 = Sha256Of(inputPath);
        var fileName = Path.GetFileName(inputPath);
        var timestamp = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        converted.Metadata[ModelCatalog.SpecMetadataKey] = spec.ToJson();
        converted.Metadata[SourceFileKey] = fileName;
        converted.Metadata[SourceSha256Key] = sha256;
        converted.Metadata[ConvertedAtKey] = timestamp;
        if (trainedOn is not null) converted.Metadata[TrainingCheckpoint.TrainedOnKey] = trainedOn;
        converted.Metadata[ProvenanceKey] = $"converted by 'harmonia convert' from {fileName} (sha256 {sha256}) on {timestamp}";

        OutputFileWriter.WriteAllBytes(outputPath, SafeTensorsFile.ToBytes(converted), overwrite);
        return new ConversionResult(spec, specSource, converted.Count, network.ParameterCount(), sha256);
    }

    /// <summary>
    /// Writes to <paramref name="outputPath"/> the element-wise mean of the weights in
    /// <paramref name="inputPaths"/> (<see cref="StateDictAverage"/>): checkpoints of one run, e.g. the
    /// snapshots of its last stretch. Each input is checked as <see cref="Convert"/> checks one, and all
    /// must have the same architecture. Metadata comes from the last input, with the provenance of
    /// every input (file name and SHA-256), and <paramref name="trainedOn"/>, when given, as its
    /// <see cref="TrainingCheckpoint.TrainedOnKey"/>; the output is written atomically.
    /// </summary>
    public static ConversionResult Average(IReadOnlyList<string> inputPaths, string outputPath, string? configJson, bool overwrite, DateTimeOffset now,
        string? trainedOn = null)
    {
        ArgumentNullException.ThrowIfNull(inputPaths);
        if (inputPaths.Count < 2) throw new CliException("average", "needs at least two checkpoints to average");
        OverwriteGuard.EnsureFileCanBeWritten(outputPath, overwrite);
        ModelSpec? spec = null;
        string specSource = "";
        var states = new List<StateDict>();
        StateDict? last = null;
        foreach (var path in inputPaths)
        {
            var source = ModelCatalog.ReadWeights(path);
            var (inputSpec, inputSpecSource) = DetermineSpec(source, configJson, path);
            if (spec is null)
                (spec, specSource) = (inputSpec, inputSpecSource);
            else if (inputSpec.ToJson() != spec.ToJson())
                throw new CliException(path, $"is {inputSpec.ToJson()} but {inputPaths[0]} is {spec.ToJson()}; only checkpoints of one architecture can be averaged");
            var network = spec.Build();
            network.LoadStateDict(source, path);
            states.Add(network.ToStateDict());
            last = source;
        }

        var averaged = StateDictAverage.Mean(states, inputPaths);
        var check = spec!.Build();
        check.LoadStateDict(averaged, outputPath);
        foreach (var (key, value) in last!.Metadata)
            averaged.Metadata[key] = value;
        var sources = inputPaths.Select(path => (Name: Path.GetFileName(path), Sha256: Sha256Of(path))).ToList();
        var timestamp = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        averaged.Metadata[ModelCatalog.SpecMetadataKey] = spec.ToJson();
        averaged.Metadata[SourceFileKey] = string.Join(", ", sources.Select(source => source.Name));
        averaged.Metadata[SourceSha256Key] = string.Join(", ", sources.Select(source => source.Sha256));
        averaged.Metadata[ConvertedAtKey] = timestamp;
        if (trainedOn is not null) averaged.Metadata[TrainingCheckpoint.TrainedOnKey] = trainedOn;
        averaged.Metadata[ProvenanceKey] =
            $"weights averaged by 'harmonia average' over {sources.Count} checkpoints ({string.Join(", ", sources.Select(source => $"{source.Name} sha256 {source.Sha256}"))}) on {timestamp}";

        OutputFileWriter.WriteAllBytes(outputPath, SafeTensorsFile.ToBytes(averaged), overwrite);
        return new ConversionResult(spec, specSource, averaged.Count, check.ParameterCount(), averaged.Metadata[SourceSha256Key]);
    }

    private static (ModelSpec Spec, string Source) DetermineSpec(StateDict source, string? configJson, string inputPath)
    {
        if (configJson is not null)
            return (ModelSpec.FromJson(configJson), "config");
        if (ModelCatalog.StoredSpec(source) is { } stored)
            return (stored, "metadata");
        var inferred = ModelCatalog.RecognizeSpec(source)
            ?? throw new CliException(inputPath, $"cannot tell the architecture from its tensor names (no {string.Join(" or ", ModelCatalog.Architectures.Select(a => a.Name))} keys); pass --config CFG.json");
        return (inferred, "inferred");
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return System.Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
