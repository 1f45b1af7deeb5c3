using System.Security.Cryptography;
using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;
using Harmonia.Tensors.Files;

namespace Harmonia.Data.Synthesis;

/// <summary>
/// What determines a synthesized subset's bytes. Two runs with equal parameters write identical
/// files, so a run may resume a folder whose synthesis.json holds equal parameters, and must
/// refuse any other. <see cref="SourceFingerprint"/> covers the photo and mask files (names and
/// sizes), so a changed input folder is noticed even under the same path.
/// </summary>
internal sealed record SynthesisParameters(
    int AlgorithmVersion, string Recipe, ulong Seed, int PerPhoto, double TestFraction,
    string Photos, string Masks, string OutputFormat, int? JpegQuality, string SourceFingerprint)
{
    /// <summary>Bumped whenever a change to the code would change the bytes a run writes.</summary>
    public const int CurrentAlgorithmVersion = 1;

    public static SynthesisParameters From(SynthesisOptions options, IReadOnlyList<SourcePhotoFile> photos) => new(
        CurrentAlgorithmVersion,
        options.Recipe.ToName(),
        options.Seed,
        options.PerPhoto,
        options.TestFraction,
        Path.GetFullPath(options.PhotosDirectory),
        Path.GetFullPath(options.MasksDirectory),
        options.OutputFormat == ImageFileFormat.Jpeg ? "jpeg" : "png",
        options.OutputFormat == ImageFileFormat.Jpeg ? options.JpegQuality : null,
        Fingerprint(photos));

    /// <summary>The names of the fields that differ from <paramref name="other"/>, with both values.</summary>
    public IEnumerable<string> Differences(SynthesisParameters other)
    {
        if (AlgorithmVersion != other.AlgorithmVersion) yield return $"algorithm version {other.AlgorithmVersion} vs {AlgorithmVersion}";
        if (Recipe != other.Recipe) yield return $"recipe '{other.Recipe}' vs '{Recipe}'";
        if (Seed != other.Seed) yield return $"seed {other.Seed} vs {Seed}";
        if (PerPhoto != other.PerPhoto) yield return $"per-photo {other.PerPhoto} vs {PerPhoto}";
        if (TestFraction != other.TestFraction) yield return $"test fraction {other.TestFraction} vs {TestFraction}";
        if (Photos != other.Photos) yield return $"photo folder '{other.Photos}' vs '{Photos}'";
        if (Masks != other.Masks) yield return $"mask folder '{other.Masks}' vs '{Masks}'";
        if (OutputFormat != other.OutputFormat || JpegQuality != other.JpegQuality) yield return $"output format {other.OutputFormat}/{other.JpegQuality} vs {OutputFormat}/{JpegQuality}";
        if (SourceFingerprint != other.SourceFingerprint) yield return "the photo or mask files (names or sizes) changed";
    }

    private static string Fingerprint(IReadOnlyList<SourcePhotoFile> photos)
    {
        var text = new StringBuilder();
        foreach (var photo in photos)
        {
            text.Append(Path.GetFileName(photo.PhotoPath)).Append('\t').Append(new FileInfo(photo.PhotoPath).Length).Append('\t');
            if (photo.MaskPath is not null) text.Append(Path.GetFileName(photo.MaskPath)).Append('\t').Append(new FileInfo(photo.MaskPath).Length);
            text.Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>Counts recorded when a run completes.</summary>
internal sealed record SynthesisCounts(int PhotosFound, int PhotosUsed, int TrainPhotos, int TestPhotos, int TrainComposites, int TestComposites);

/// <summary>
/// The synthesis.json file of a subset: the parameters (written before any image, so an
/// interrupted run can be recognized), whether the run completed, its counts and the photos it
/// skipped. Written atomically, with no timestamps, so equal runs write equal bytes.
/// </summary>
internal sealed record SynthesisManifest(
    string Format, SynthesisParameters Parameters, bool Complete, SynthesisCounts? Counts, IReadOnlyList<SkippedPhoto>? Skipped)
{
    public const string FileName = "synthesis.json";
    public const string FormatName = "harmonia-synthesis";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public void Write(string path)
        => AtomicFileWriter.WriteAllBytes(path, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, Json) + "\n"));

    /// <exception cref="SynthesisException">The file is not a synthesis.json this code understands.</exception>
    public static SynthesisManifest Read(string path)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<SynthesisManifest>(File.ReadAllText(path), Json);
            if (manifest?.Format != FormatName || manifest.Parameters is null)
                throw new SynthesisException($"'{path}' is not a Harmonia synthesis record (format '{manifest?.Format}').");
            return manifest;
        }
        catch (JsonException e)
        {
            throw new SynthesisException($"'{path}' is not a valid synthesis record: {e.Message}", e);
        }
    }
}
