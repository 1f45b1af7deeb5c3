namespace Harmonia.Data.Datasets;

/// <summary>
/// Lists the samples of a dataset in the iHarmony4 layout:
/// <code>
/// &lt;root&gt;/&lt;Subset&gt;/composite_images/&lt;photo&gt;_&lt;maskId&gt;_&lt;n&gt;.jpg
/// &lt;root&gt;/&lt;Subset&gt;/masks/&lt;photo&gt;_&lt;maskId&gt;.png
/// &lt;root&gt;/&lt;Subset&gt;/real_images/&lt;photo&gt;.jpg
/// &lt;root&gt;/&lt;Subset&gt;/&lt;Subset&gt;_train.txt, &lt;Subset&gt;_test.txt   (one composite file name per line)
/// &lt;root&gt;/IHD_train.txt, IHD_test.txt                       (lines "&lt;Subset&gt;/composite_images/&lt;file&gt;")
/// </code>
/// Mask and real paths are derived from the composite's name (see <see cref="IHarmony4Naming"/>),
/// as the authors' loaders do; the real photo has the composite's extension. Samples come out in
/// list order, subsets in the order asked for.
/// </summary>
public static class IHarmony4Index
{
    /// <summary>The four subsets of the published iHarmony4 dataset.</summary>
    public static IReadOnlyList<string> StandardSubsets { get; } = ["HCOCO", "HAdobe5k", "HFlickr", "Hday2night"];

    /// <summary>Name of the root-level list for a split: "IHD_train.txt" or "IHD_test.txt".</summary>
    public static string GlobalListFileName(DatasetSplit split) => $"IHD_{split.FileToken()}.txt";

    /// <summary>Name of a subset's list for a split, e.g. "HCOCO_train.txt".</summary>
    public static string SubsetListFileName(string subset, DatasetSplit split) => $"{subset}_{split.FileToken()}.txt";

    /// <summary>
    /// The samples of <paramref name="subsets"/> for <paramref name="split"/>, read from each
    /// subset's own list (<c>&lt;Subset&gt;/&lt;Subset&gt;_&lt;split&gt;.txt</c>). A line is a composite
    /// file name, optionally prefixed by "composite_images/".
    /// </summary>
    /// <param name="root">The dataset root (holding one folder per subset).</param>
    /// <param name="subsets">Subset folder names, e.g. <see cref="StandardSubsets"/>.</param>
    /// <param name="split">Which lists to read.</param>
    /// <param name="checkFiles">When true (the default), every composite, mask and real photo must exist.</param>
    /// <exception cref="DatasetException">A list is missing or malformed, or (with <paramref name="checkFiles"/>) files are missing.</exception>
    public static IReadOnlyList<HarmonizationSample> Load(string root, IEnumerable<string> subsets, DatasetSplit split, bool checkFiles = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(subsets);
        var samples = new List<HarmonizationSample>();
        var problems = new DatasetProblems();
        foreach (string subset in subsets)
        {
            CheckSubsetName(subset);
            string listPath = Path.Combine(root, subset, SubsetListFileName(subset, split));
            foreach (var line in ListFileReader.Read(listPath))
            {
                string entry = line.Text.Replace('\\', '/');
                if (entry.StartsWith(IHarmony4Naming.CompositeFolder + "/", StringComparison.Ordinal))
                    entry = entry[(IHarmony4Naming.CompositeFolder.Length + 1)..];
                AddSample(samples, problems, root, subset, entry, listPath, line, checkFiles);
            }
        }
        problems.ThrowIfAny();
        return samples;
    }

    /// <summary>
    /// The samples listed in the root-level <c>IHD_&lt;split&gt;.txt</c>, whose lines are
    /// "&lt;Subset&gt;/composite_images/&lt;file&gt;", optionally keeping only <paramref name="subsets"/>.
    /// </summary>
    /// <exception cref="DatasetException">The list is missing or malformed, or (with <paramref name="checkFiles"/>) files are missing.</exception>
    public static IReadOnlyList<HarmonizationSample> LoadGlobalList(string root, DatasetSplit split, IEnumerable<string>? subsets = null, bool checkFiles = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var wanted = subsets is null ? null : new HashSet<string>(subsets, StringComparer.Ordinal);
        string listPath = Path.Combine(root, GlobalListFileName(split));
        var samples = new List<HarmonizationSample>();
        var problems = new DatasetProblems();
        foreach (var line in ListFileReader.Read(listPath))
        {
            string[] parts = line.Text.Replace('\\', '/').Split('/');
            if (parts.Length != 3 || parts[0] is "" or "." or ".." || parts[1] != IHarmony4Naming.CompositeFolder)
            {
                problems.Add(listPath, line.Number, $"expected '<Subset>/{IHarmony4Naming.CompositeFolder}/<file>', got '{line.Text}'");
                continue;
            }
            if (wanted is not null && !wanted.Contains(parts[0])) continue;
            AddSample(samples, problems, root, parts[0], parts[2], listPath, line, checkFiles);
        }
        problems.ThrowIfAny();
        return samples;
    }

    /// <summary>The subsets present under <paramref name="root"/>: folders holding a composite_images folder, sorted by name.</summary>
    public static IReadOnlyList<string> FindSubsets(string root)
    {
        if (!Directory.Exists(root)) throw new DatasetException($"Dataset root '{root}' does not exist.");
        return Directory.EnumerateDirectories(root)
            .Where(d => Directory.Exists(Path.Combine(d, IHarmony4Naming.CompositeFolder)))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static void AddSample(List<HarmonizationSample> samples, DatasetProblems problems, string root, string subset,
        string compositeFile, string listPath, ListFileLine line, bool checkFiles)
    {
        if (!IHarmony4Naming.TryParseComposite(compositeFile, out var name))
        {
            problems.Add(listPath, line.Number, $"'{line.Text}' is not a composite name of the form <photo>_<maskId>_<n>.<ext>");
            return;
        }
        string subsetDirectory = Path.Combine(root, subset);
        var sample = new HarmonizationSample(
            subset,
            name.Stem,
            Path.Combine(subsetDirectory, IHarmony4Naming.CompositeFolder, compositeFile),
            Path.Combine(subsetDirectory, IHarmony4Naming.MaskFolder, name.MaskFileName),
            Path.Combine(subsetDirectory, IHarmony4Naming.RealFolder, name.RealFileName));
        if (checkFiles)
        {
            problems.Check(sample.CompositePath, "composite", listPath, line.Number);
            problems.Check(sample.MaskPath, "mask", listPath, line.Number);
            problems.Check(sample.RealPath!, "real photo", listPath, line.Number);
        }
        samples.Add(sample);
    }

    private static void CheckSubsetName(string subset)
    {
        if (string.IsNullOrWhiteSpace(subset) || subset.Contains('/') || subset.Contains('\\') || subset is "." or "..")
            throw new ArgumentException($"'{subset}' is not a subset folder name.", nameof(subset));
    }
}
