namespace Harmonia.Data;

/// <summary>
/// Lists a plain folder of composites to harmonize, each next to its mask:
/// <c>&lt;name&gt;.jpg</c> (or .jpeg, .png) with <c>&lt;name&gt;_mask.png</c>. There is no ground truth,
/// so <see cref="HarmonizationSample.RealPath"/> is null. Only the folder itself is searched
/// (not sub-folders); samples are sorted by file name (ordinal). The subset is the folder's name.
/// </summary>
public static class PairedFolderIndex
{
    /// <summary>What a mask's file name adds to its composite's name (before ".png").</summary>
    public const string MaskSuffix = "_mask";

    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png"];

    /// <summary>The composite/mask pairs in <paramref name="folder"/>.</summary>
    /// <exception cref="DatasetException">The folder does not exist, a composite has no mask, or two composites share a name.</exception>
    public static IReadOnlyList<HarmonizationSample> Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder)) throw new DatasetException($"Folder '{folder}' does not exist.");
        string subset = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));

        var composites = Directory.EnumerateFiles(folder)
            .Where(path => ImageExtensions.Contains(Path.GetExtension(path).ToLowerInvariant()))
            .Where(path => !Path.GetFileNameWithoutExtension(path).EndsWith(MaskSuffix, StringComparison.Ordinal))
            .OrderBy(path => Path.GetFileName(path), StringComparer.Ordinal)
            .ToList();

        var problems = new List<string>();
        var samples = new List<HarmonizationSample>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string composite in composites)
        {
            string name = Path.GetFileNameWithoutExtension(composite);
            if (seen.TryGetValue(name, out string? other))
            {
                problems.Add($"'{other}' and '{composite}' have the same name, so they would share the mask '{name}{MaskSuffix}.png'");
                continue;
            }
            seen.Add(name, composite);
            string mask = Path.Combine(folder, name + MaskSuffix + ".png");
            if (!File.Exists(mask)) problems.Add($"composite '{composite}' has no mask '{mask}'");
            samples.Add(new HarmonizationSample(subset, name, composite, mask, null));
        }
        if (problems.Count > 0)
            throw new DatasetException($"Folder '{folder}' cannot be used ({problems.Count} problem(s)):{Environment.NewLine}{string.Join(Environment.NewLine, problems.Take(10))}");
        if (samples.Count == 0)
            throw new DatasetException($"Folder '{folder}' holds no composites (<name>.jpg, .jpeg or .png, each with <name>{MaskSuffix}.png).");
        return samples;
    }
}
