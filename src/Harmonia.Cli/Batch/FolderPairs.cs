using Harmonia.Cli.Errors;
using Harmonia.Data;

namespace Harmonia.Cli.Batch;

/// <summary>
/// Finds the pairs in a batch folder: every <c>NAME.jpg</c>, <c>NAME.jpeg</c> or <c>NAME.png</c> is a
/// composite, and <c>NAME_mask.png</c> beside it is its mask. Sub-folders and hidden files are not read.
/// </summary>
public static class FolderPairs
{
    /// <summary>
    /// The pairs in <paramref name="directory"/>, sorted by composite file name (ordinal), so every run and
    /// every shard sees the same order. A composite without its mask is still listed: its mask path is
    /// <c>NAME_mask.png</c>, and processing it fails with "file not found" naming that file. When that file is
    /// absent but <c>NAME_mask.jpg</c> exists, the JPEG mask is used. The folder convention is
    /// <see cref="PairedFolderIndex.Find"/>'s.
    /// </summary>
    public static IReadOnlyList<ImagePair> Find(string directory)
    {
        if (File.Exists(directory))
            throw new CliException(directory, "is a file; --input expects a folder (use --manifest for a list file)");
        if (!Directory.Exists(directory))
            throw new CliException(directory, "folder not found");

        return PairedFolderIndex.Find(directory).Select(sample => new ImagePair(sample.Name, sample.CompositePath, sample.MaskPath)).ToList();
    }
}
