namespace Harmonia.Data.Synthesis;

/// <summary>A photo file found for synthesis, with its position in the sorted photo list and its mask file (null when none was found).</summary>
internal sealed record SourcePhotoFile(int Index, string Name, string PhotoPath, string? MaskPath);

/// <summary>
/// Lists the photos of a synthesis run (.jpg, .jpeg, .png directly in the photo folder, sorted
/// by file name, ordinal) and pairs each with the mask of the same base name in the mask
/// folder (.png preferred, then .jpg, .jpeg).
/// </summary>
internal static class SourcePhotoScanner
{
    private static readonly string[] PhotoExtensions = [".jpg", ".jpeg", ".png"];
    private static readonly string[] MaskExtensions = [".png", ".jpg", ".jpeg"];

    public static IReadOnlyList<SourcePhotoFile> Scan(string photosDirectory, string masksDirectory)
    {
        if (!Directory.Exists(photosDirectory)) throw new SynthesisException($"Photo folder '{photosDirectory}' does not exist.");
        if (!Directory.Exists(masksDirectory)) throw new SynthesisException($"Mask folder '{masksDirectory}' does not exist.");

        var photos = Directory.EnumerateFiles(photosDirectory)
            .Where(path => PhotoExtensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
            .OrderBy(path => Path.GetFileName(path), StringComparer.Ordinal)
            .ToList();
        if (photos.Count == 0) throw new SynthesisException($"Photo folder '{photosDirectory}' holds no .jpg, .jpeg or .png files.");

        var duplicates = photos.GroupBy(Path.GetFileNameWithoutExtension, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicates is not null)
            throw new SynthesisException($"Photos {string.Join(" and ", duplicates.Select(p => $"'{p}'"))} share the name '{duplicates.Key}'; output files are named after photos, so names must be unique.");

        var masks = Directory.EnumerateFiles(masksDirectory)
            .Where(path => MaskExtensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
            .GroupBy(Path.GetFileNameWithoutExtension, StringComparer.Ordinal)
            .ToDictionary(g => g.Key!, g => g.OrderBy(p => Array.IndexOf(MaskExtensions, Path.GetExtension(p).ToLowerInvariant())).ThenBy(p => p, StringComparer.Ordinal).First(), StringComparer.Ordinal);

        return photos.Select((path, index) =>
        {
            string name = Path.GetFileNameWithoutExtension(path);
            return new SourcePhotoFile(index, name, path, masks.GetValueOrDefault(name));
        }).ToList();
    }
}
