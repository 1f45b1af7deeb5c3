using Harmonia.Cli.Errors;

namespace Harmonia.Cli.Batch;

/// <summary>
/// Finds the pairs in a batch folder: every <c>NAME.jpg</c>, <c>NAME.jpeg</c> or <c>NAME.png</c> is a
/// composite, and <c>NAME_mask.png</c> beside it is its mask. Sub-folders and hidden files are not read.
/// </summary>
public static class FolderPairs
{
    /// <summary>The suffix that marks a mask file.</summary>
    public const string MaskSuffix = "_mask";

    private static readonly string[] CompositeExtensions = [".jpg", ".jpeg", ".png"];

    /// <summary>
    /// The pairs in <paramref name="directory"/>, sorted by composite file name (ordinal), so every run and
    /// every shard sees the same order. A composite without its mask is still listed: its mask path is
    /// <c>NAME_mask.png</c>, and processing it fails with "file not found" naming that file. When that file is
    /// absent but <c>NAME_mask.jpg</c> exists, the JPEG mask is used.
    /// </summary>
    public static IReadOnlyList<ImagePair> Find(string directory)
    {
        if (File.Exists(directory))
            throw new CliException(directory, "is a file; --input expects a folder (use --manifest for a list file)");
        if (!Directory.Exists(directory))
            throw new CliException(directory, "folder not found");

        var pairs = new List<ImagePair>();
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var fileName = Path.GetFileName(path);
            var name = Path.GetFileNameWithoutExtension(path);
            if (fileName.StartsWith('.')
                || !CompositeExtensions.Contains(Path.GetExtension(path).ToLowerInvariant())
                || name.EndsWith(MaskSuffix, StringComparison.OrdinalIgnoreCase))
                continue;
            pairs.Add(new ImagePair(name, path, MaskFor(directory, name)));
        }
        pairs.Sort((a, b) => string.CompareOrdinal(Path.GetFileName(a.Composite), Path.GetFileName(b.Composite)));
        return pairs;
    }

    private static string MaskFor(string directory, string name)
    {
        var png = Path.Combine(directory, name + MaskSuffix + ".png");
        if (File.Exists(png))
            return png;
        var jpeg = Path.Combine(directory, name + MaskSuffix + ".jpg");
        return File.Exists(jpeg) ? jpeg : png;
    }
}
