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
        EnsureNotAnInput(outputPath, [inputPath]);
        OverwriteGuard.EnsureFileCanBeWritten(outputPath, overwrite);
        var input = ReadChecked(inputPath, configJson);
        var converted = input.State;
        var sha256 = Sha256Of(inputPath);
        var fileName = Path.GetFileName(inputPath);
        Stamp(converted, input, fileName, sha256, now, trainedOn,
            timestamp => $"converted by 'harmonia convert' from {fileName} (sha256 {sha256}) on {timestamp}");

        OutputFileWriter.WriteAllBytes(outputPath, SafeTensorsFile.ToBytes(converted), overwrite);
        return new ConversionResult(input.Spec, input.SpecSource, converted.Count, input.ParameterCount, sha256);
    }

    // Even with --overwrite: the new file's provenance would name a file that no longer exists as it was.
    private static void EnsureNotAnInput(string outputPath, IReadOnlyList<string> inputPaths)
    {
        string output = Path.GetFullPath(outputPath);
        if (inputPaths.Any(input => Path.GetFullPath(input) == output))
            throw new CliException(outputPath, "is also an input; write to another file (replacing the input would lose where its weights came from)");
    }

    // "holds phnet-lite weights but first.safetensors holds hdnet-lite weights; ...".
    private static string OtherArchitecture(ModelSpec spec, string firstPath, ModelSpec first)
    {
        string mine = WeightsIdentity.Of(spec).Description, theirs = WeightsIdentity.Of(first).Description;
        // Where the names alone read alike (two sizes no preset has), the specs say how they differ.
        if (mine == theirs) (mine, theirs) = ($"{mine} ({spec.ToJson()})", $"{theirs} ({first.ToJson()})");
        return $"holds {mine} but {firstPath} holds {theirs}; only checkpoints of one architecture can be averaged";
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
        EnsureNotAnInput(outputPath, inputPaths);
        OverwriteGuard.EnsureFileCanBeWritten(outputPath, overwrite);
        var inputs = new List<CheckedWeights>();
        foreach (var path in inputPaths)
        {
            var input = ReadChecked(path, configJson);
            if (inputs.Count > 0 && input.Spec.ToJson() != inputs[0].Spec.ToJson())
                throw new CliException(path, OtherArchitecture(input.Spec, inputPaths[0], inputs[0].Spec));
            inputs.Add(input);
        }

        // Every input was loaded strictly into the same network, so the mean has its tensors too.
        var averaged = StateDictAverage.Mean(inputs.Select(input => input.State).ToList(), inputPaths);
        var sources = inputPaths.Select(path => (Name: Path.GetFileName(path), Sha256: Sha256Of(path))).ToList();
        var sha256s = string.Join(", ", sources.Select(source => source.Sha256));
        var last = inputs[^1];
        Stamp(averaged, last, string.Join(", ", sources.Select(source => source.Name)), sha256s, now, trainedOn,
            timestamp => $"weights averaged by 'harmonia average' over {sources.Count} checkpoints ({string.Join(", ", sources.Select(source => $"{source.Name} sha256 {source.Sha256}"))}) on {timestamp}");

        OutputFileWriter.WriteAllBytes(outputPath, SafeTensorsFile.ToBytes(averaged), overwrite);
        return new ConversionResult(last.Spec, inputs[0].SpecSource, averaged.Count, last.ParameterCount, sha256s);
    }

    /// <summary>A weights file that loaded strictly into its network: the network's own state, and the file's metadata.</summary>
    private sealed record CheckedWeights(ModelSpec Spec, string SpecSource, StateDict State, IReadOnlyDictionary<string, string> SourceMetadata, long ParameterCount);

    // Reads a weights file and loads it strictly into the network of its architecture (see DetermineSpec).
    private static CheckedWeights ReadChecked(string path, string? configJson)
    {
        var source = ModelCatalog.ReadWeights(path);
        var (spec, specSource) = DetermineSpec(source, configJson, path);
        var network = spec.Build();
        network.LoadStateDict(source, path);
        return new CheckedWeights(spec, specSource, network.ToStateDict(), source.Metadata, network.ParameterCount());
    }

    // Keeps what the input said about itself (e.g. what it was trained on), then states what was written.
    private static void Stamp(StateDict output, CheckedWeights input, string sourceFiles, string sourceSha256s, DateTimeOffset now, string? trainedOn,
        Func<string, string> provenance)
    {
        foreach (var (key, value) in input.SourceMetadata)
            output.Metadata[key] = value;
        var timestamp = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        output.Metadata[ModelCatalog.SpecMetadataKey] = input.Spec.ToJson();
        output.Metadata[SourceFileKey] = sourceFiles;
        output.Metadata[SourceSha256Key] = sourceSha256s;
        output.Metadata[ConvertedAtKey] = timestamp;
        if (trainedOn is not null) output.Metadata[TrainingCheckpoint.TrainedOnKey] = trainedOn;
        output.Metadata[ProvenanceKey] = provenance(timestamp);
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
