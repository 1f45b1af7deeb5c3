using Harmonia.Cli.Errors;
using Harmonia.Data.Datasets;

namespace Harmonia.Cli.Batch;

/// <summary>The pairs found in a batch folder, and where their masks were looked for.</summary>
/// <param name="Pairs">The pairs, sorted by composite file name (ordinal).</param>
/// <param name="MasksFolder">The folder holding the masks when they are apart from the composites
/// (an <c>images/</c> + <c>masks/</c> layout); null when each mask sits beside its composite.</param>
public sealed record FolderBatch(IReadOnlyList<ImagePair> Pairs, string? MasksFolder);

/// <summary>
/// Finds the pairs of a batch folder. Two layouts are understood:
/// <list type="bullet">
/// <item>side by side: every <c>NAME.jpg</c>, <c>NAME.jpeg</c> or <c>NAME.png</c> is a composite, and
/// <c>NAME_mask.png</c> beside it is its mask (<see cref="PairedFolderIndex"/>'s convention);</item>
/// <item>separate folders: composites in <c>images/</c> and masks in <c>masks/</c>, matched by name
/// (<c>masks/NAME.png</c>, <c>.jpg</c>, or <c>NAME_mask.png</c>, <c>.jpg</c>), the layout <c>harmonia synth
/// --photos --masks</c> takes. It is used when the folder given holds <c>images/</c> and <c>masks/</c>, when
/// the folder given is such an <c>images/</c> whose composites have no mask beside them, or when
/// <c>--masks</c> names the masks folder.</item>
/// </list>
/// Sub-folders (other than those two) and hidden files are not read.
/// </summary>
public static class FolderPairs
{
    /// <summary>The folder of composites in the separate-folders layout.</summary>
    public const string ImagesFolderName = "images";

    /// <summary>The folder of masks in the separate-folders layout.</summary>
    public const string MasksFolderName = "masks";

    private static readonly string[] MaskExtensions = [".png", ".jpg", ".jpeg"];

    /// <summary>
    /// The pairs in <paramref name="directory"/>, sorted by composite file name (ordinal), so every run and
    /// every shard sees the same order. A composite without its mask is still listed, with the path its mask
    /// should have (a PNG), so the caller can report it. <paramref name="masksDirectory"/> (<c>--masks</c>)
    /// names the masks folder explicitly; without it the layout is detected as the class describes.
    /// </summary>
    public static FolderBatch Find(string directory, string? masksDirectory = null)
    {
        RequireFolder(directory, "--input");
        if (masksDirectory is not null)
        {
            RequireFolder(masksDirectory, "--masks");
            return new FolderBatch(PairWithMasksFolder(directory, masksDirectory), masksDirectory);
        }

        var images = Path.Combine(directory, ImagesFolderName);
        var masks = Path.Combine(directory, MasksFolderName);
        if (Directory.Exists(images) && Directory.Exists(masks))
            return new FolderBatch(PairWithMasksFolder(images, masks), masks);

        var sideBySide = PairedFolderIndex.Find(directory)
            .Select(sample => new ImagePair(sample.Name, sample.CompositePath, sample.MaskPath))
            .ToList();
        var sibling = SiblingMasksFolder(directory);
        if (sibling is not null && sideBySide.Count > 0 && !sideBySide.Any(pair => File.Exists(pair.Mask)))
            return new FolderBatch(PairWithMasksFolder(directory, sibling), sibling);
        return new FolderBatch(sideBySide, null);
    }

    private static void RequireFolder(string directory, string option)
    {
        if (File.Exists(directory))
            throw new CliException(directory, option == "--input"
                ? "is a file; --input expects a folder (use --manifest for a list file, --composite for one image)"
                : $"is a file; {option} expects a folder");
        if (!Directory.Exists(directory))
            throw new CliException(directory, "folder not found");
    }

    // 'images/' next to a 'masks/' folder: the layout of the iHarmony4 repository's Lalonde photos and of synth's inputs.
    private static string? SiblingMasksFolder(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (!string.Equals(Path.GetFileName(full), ImagesFolderName, StringComparison.OrdinalIgnoreCase))
            return null;
        var parent = Path.GetDirectoryName(full);
        if (parent is null)
            return null;
        var masks = Path.Combine(parent, MasksFolderName);
        if (!Directory.Exists(masks))
            return null;
        // Named in the style the user typed the input folder in, so messages mention paths they recognize.
        return Path.IsPathRooted(directory) ? masks : Path.GetRelativePath(Environment.CurrentDirectory, masks);
    }

    private static List<ImagePair> PairWithMasksFolder(string imagesDirectory, string masksDirectory) =>
        PairedFolderIndex.Find(imagesDirectory)
            .Select(sample => new ImagePair(sample.Name, sample.CompositePath, MaskIn(masksDirectory, sample.Name)))
            .ToList();

    // A mask folder may name masks like the composites (NAME.png) or with the side-by-side suffix (NAME_mask.png).
    private static string MaskIn(string masksDirectory, string name)
    {
        foreach (var stem in new[] { name, name + PairedFolderIndex.MaskSuffix })
            foreach (var extension in MaskExtensions)
            {
                var candidate = Path.Combine(masksDirectory, stem + extension);
                if (File.Exists(candidate))
                    return candidate;
            }
        return Path.Combine(masksDirectory, name + ".png");
    }
}
