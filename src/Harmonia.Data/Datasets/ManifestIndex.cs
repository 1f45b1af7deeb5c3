namespace Harmonia.Data.Datasets;

/// <summary>
/// Lists the samples named by a manifest: a UTF-8 text file with one sample per line,
/// columns separated by a TAB:
/// <code>
/// composite&lt;TAB&gt;mask
/// composite&lt;TAB&gt;mask&lt;TAB&gt;real
/// </code>
/// The optional third column is a ground-truth photo (for evaluation). Relative paths are
/// relative to the manifest's folder; absolute paths are used as they are. Blank lines and
/// lines starting with <c>#</c> are skipped; Windows line endings are fine. TAB, not comma,
/// separates columns so that file names may contain commas and spaces. A sample's name is the
/// composite's file name without extension and must be unique (outputs are named after it).
/// The subset is the manifest's file name without extension.
/// </summary>
public static class ManifestIndex
{
    /// <summary>The samples of the manifest at <paramref name="manifestPath"/>, in file order.</summary>
    /// <param name="manifestPath">The manifest file.</param>
    /// <param name="checkFiles">When true (the default), every named file must exist.</param>
    /// <exception cref="DatasetException">The manifest is missing or malformed, names are duplicated, or files are missing.</exception>
    public static IReadOnlyList<HarmonizationSample> Load(string manifestPath, bool checkFiles = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        string directory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        string subset = Path.GetFileNameWithoutExtension(manifestPath);
        var samples = new List<HarmonizationSample>();
        var problems = new DatasetProblems();
        var firstLineOfName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in ListFileReader.Read(manifestPath, allowComments: true))
        {
            string[] columns = line.Text.Split('\t').Select(c => c.Trim()).ToArray();
            if (columns.Length is < 2 or > 3 || columns.Any(c => c.Length == 0))
            {
                problems.Add(manifestPath, line.Number, $"expected 'composite<TAB>mask' or 'composite<TAB>mask<TAB>real', got '{line.Text}'");
                continue;
            }
            string composite = Path.Combine(directory, columns[0]);
            string name = Path.GetFileNameWithoutExtension(composite);
            if (firstLineOfName.TryGetValue(name, out int earlier))
            {
                problems.Add(manifestPath, line.Number, $"composite name '{name}' is already used on line {earlier}; outputs are named after it, so names must be unique");
                continue;
            }
            firstLineOfName.Add(name, line.Number);
            var sample = new HarmonizationSample(subset, name, composite, Path.Combine(directory, columns[1]),
                columns.Length == 3 ? Path.Combine(directory, columns[2]) : null);
            if (checkFiles)
            {
                problems.Check(sample.CompositePath, "composite", manifestPath, line.Number);
                problems.Check(sample.MaskPath, "mask", manifestPath, line.Number);
                if (sample.RealPath is not null) problems.Check(sample.RealPath, "real photo", manifestPath, line.Number);
            }
            samples.Add(sample);
        }
        problems.ThrowIfAny();
        return samples;
    }
}
