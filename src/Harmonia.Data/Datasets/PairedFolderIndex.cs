namespace Harmonia.Data.Datasets;

/// <summary>
/// Lists a plain folder of composites to harmonize, each next to its mask:
/// <c>&lt;name&gt;.jpg</c> (or .jpeg, .png) with <c>&lt;name&gt;_mask.png</c>, or <c>&lt;name&gt;_mask.jpg</c>
/// when there is no PNG mask. There is no ground truth, so <see cref="HarmonizationSample.RealPath"/>
/// is null. Only the folder itself is searched (not sub-folders), hidden files are skipped, and
/// samples are sorted by file name (ordinal). The subset is the folder's name.
/// </summary>
public static class PairedFolderIndex
{
    /// <summary>What a mask's file name adds to its composite's name (before ".png").</summary>
    public const string MaskSuffix = "_mask";

    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png"];

    /// <summary>
    /// The composite/mask pairs in <paramref name="folder"/>, checked: every composite has its mask,
    /// no two composites share a name, and there is at least one.
    /// </summary>
    /// <exception cref="DatasetException">The folder does not exist, a composite has no mask, two composites share a name, or there are none.</exception>
    public static IReadOnlyList<HarmonizationSample> Load(string folder)
    {
        var samples = Find(folder);
        var problems = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            if (seen.TryGetValue(sample.Name, out string? other))
                problems.Add($"'{other}' and '{sample.CompositePath}' have the same name, so they would share the mask '{sample.MaskPath}'");
            else seen.Add(sample.Name, sample.CompositePath);
            if (!File.Exists(sample.MaskPath)) problems.Add($"composite '{sample.CompositePath}' has no mask '{sample.MaskPath}'");
        }
        if (problems.Count > 0)
            throw new DatasetException($"Folder '{folder}' cannot be used ({problems.Count} problem(s)):{Environment.NewLine}{string.Join(Environment.NewLine, problems.Take(10))}");
        if (samples.Count == 0)
            throw new DatasetException($"Folder '{folder}' holds no composites (<name>.jpg, .jpeg or .png, each with <name>{MaskSuffix}.png).");
        return samples;
    }

    /// <summary>
    /// Every composite in <paramref name="folder"/> with the path its mask should have, unchecked: a
    /// composite whose mask is missing is still listed (with the PNG mask path), so a batch can report
    /// that one pair and go on with the others.
    /// </summary>
    /// <exception cref="DatasetException">The folder does not exist.</exception>
    public static IReadOnlyList<HarmonizationSample> Find(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder)) throw new DatasetException($"Folder '{folder}' does not exist.");
        string subset = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));

        return Directory.EnumerateFiles(folder)
            .Where(path => !Path.GetFileName(path).StartsWith('.'))
            .Where(path => ImageExtensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
            .Where(path => !Path.GetFileNameWithoutExtension(path).EndsWith(MaskSuffix, StringComparison.OrdinalIgnoreCase))
            .OrderBy(path => Path.GetFileName(path), StringComparer.Ordinal)
            .Select(path =>
            {
                string name = Path.GetFileNameWithoutExtension(path);
                return new HarmonizationSample(subset, name, path, MaskFor(folder, name), null);
            })
            .ToList();
    }

    private static string MaskFor(string folder, string name)
    {
        string png = Path.Combine(folder, name + MaskSuffix + ".png");
        if (File.Exists(png)) return png;
        string jpeg = Path.Combine(folder, name + MaskSuffix + ".jpg");
        return File.Exists(jpeg) ? jpeg : png;
    }
}
