using Harmonia.Cli.Errors;

namespace Harmonia.Cli.Batch;

/// <summary>
/// Reads a batch manifest: one pair per line, <c>composite&lt;TAB&gt;mask</c> or <c>composite,mask</c>.
/// Relative paths are relative to the manifest's own folder; absolute paths are used as they are.
/// Blank lines and lines starting with <c>#</c> are skipped; spaces around each path are trimmed.
/// A line holding a tab is split at the tab (so paths may contain commas); otherwise at its one comma.
/// </summary>
public static class ManifestFile
{
    /// <summary>Reads the manifest at <paramref name="path"/>; pairs keep the file's order.</summary>
    public static IReadOnlyList<ImagePair> Read(string path)
    {
        if (Directory.Exists(path))
            throw new CliException(path, "is a folder; --manifest expects a list file (use --input for a folder)");
        var text = File.ReadAllText(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Parse(text, folder, path);
    }

    /// <summary>Parses manifest text. <paramref name="baseDirectory"/> anchors relative paths;
    /// <paramref name="sourceName"/> names the manifest in errors (<c>list.txt:3: ...</c>).</summary>
    public static IReadOnlyList<ImagePair> Parse(string text, string baseDirectory, string sourceName)
    {
        var pairs = new List<ImagePair>();
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
                continue;
            var fields = line.Contains('\t') ? line.Split('\t') : line.Split(',');
            var where = $"{sourceName}:{index + 1}";
            if (fields.Length != 2)
                throw new CliException(where, $"expected 'composite<TAB>mask' or 'composite,mask', got {fields.Length} field(s) in '{trimmed}'");
            var composite = fields[0].Trim();
            var mask = fields[1].Trim();
            if (composite.Length == 0 || mask.Length == 0)
                throw new CliException(where, $"empty {(composite.Length == 0 ? "composite" : "mask")} path in '{trimmed}'");
            pairs.Add(new ImagePair(
                Path.GetFileNameWithoutExtension(composite),
                Path.Combine(baseDirectory, composite),
                Path.Combine(baseDirectory, mask)));
        }
        return pairs;
    }
}
