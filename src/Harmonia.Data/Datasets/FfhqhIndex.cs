namespace Harmonia.Data.Datasets;

/// <summary>
/// Lists the samples of the FFHQH portrait-harmonization dataset in the layout PHNet's loader
/// reads:
/// <code>
/// &lt;ffhqh&gt;/&lt;split&gt;_split.txt    one relative image path per line (split: train, val, test)
/// &lt;ffhqh&gt;/comp/&lt;line&gt;          the composite
/// &lt;ffhqh&gt;/alpha/&lt;line&gt;         the foreground mask (a grey matte, same relative path)
/// &lt;ffhq&gt;/&lt;line&gt;                the real photo, in the separate FFHQ image folder
/// </code>
/// The subset is "FFHQH"; a sample's name is the line's file name without extension.
/// Note that PHNet resizes these mattes bilinearly before thresholding them; see
/// <see cref="Loading.MaskResampling.GreyBilinearThenBinarize"/>.
/// </summary>
public static class FfhqhIndex
{
    /// <summary>The subset name given to FFHQH samples.</summary>
    public const string SubsetName = "FFHQH";
    /// <summary>Folder of the composites under the FFHQH root.</summary>
    public const string CompositeFolder = "comp";
    /// <summary>Folder of the masks under the FFHQH root.</summary>
    public const string MaskFolder = "alpha";

    /// <summary>Name of the list for a split: "train_split.txt", "val_split.txt" or "test_split.txt".</summary>
    public static string ListFileName(DatasetSplit split) => $"{split.FileToken()}_split.txt";

    /// <summary>The samples of <paramref name="split"/> in list order.</summary>
    /// <param name="ffhqhRoot">The FFHQH folder (holding comp/, alpha/ and the split lists).</param>
    /// <param name="ffhqImagesRoot">The FFHQ image folder holding the real photos, or null for samples without ground truth.</param>
    /// <param name="split">Which list to read.</param>
    /// <param name="checkFiles">When true (the default), every listed file must exist.</param>
    /// <exception cref="DatasetException">The list is missing or malformed, or (with <paramref name="checkFiles"/>) files are missing.</exception>
    public static IReadOnlyList<HarmonizationSample> Load(string ffhqhRoot, string? ffhqImagesRoot, DatasetSplit split, bool checkFiles = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(ffhqhRoot);
        string listPath = Path.Combine(ffhqhRoot, ListFileName(split));
        var samples = new List<HarmonizationSample>();
        var problems = new DatasetProblems();
        foreach (var line in ListFileReader.Read(listPath))
        {
            string relative = line.Text.Replace('\\', '/');
            string name = Path.GetFileNameWithoutExtension(relative);
            if (Path.IsPathRooted(relative) || relative.Split('/').Any(part => part is "" or "." or "..") || name.Length == 0)
            {
                problems.Add(listPath, line.Number, $"'{line.Text}' is not a relative image path");
                continue;
            }
            var sample = new HarmonizationSample(
                SubsetName,
                name,
                Path.Combine(ffhqhRoot, CompositeFolder, relative),
                Path.Combine(ffhqhRoot, MaskFolder, relative),
                ffhqImagesRoot is null ? null : Path.Combine(ffhqImagesRoot, relative));
            if (checkFiles)
            {
                problems.Check(sample.CompositePath, "composite", listPath, line.Number);
                problems.Check(sample.MaskPath, "mask", listPath, line.Number);
                if (sample.RealPath is not null) problems.Check(sample.RealPath, "real photo", listPath, line.Number);
            }
            samples.Add(sample);
        }
        problems.ThrowIfAny();
        return samples;
    }
}
