namespace Harmonia.Data.Datasets;

/// <summary>
/// Gathers every missing file of a list before failing, so one run shows the whole extent of a
/// broken dataset instead of one file at a time; the error names list file, line and path.
/// </summary>
internal sealed class DatasetProblems
{
    private const int ProblemsShown = 10;
    private readonly List<string> problems = [];

    /// <summary>Records a problem unless <paramref name="path"/> exists.</summary>
    public void Check(string path, string role, string listPath, int lineNumber)
    {
        if (!File.Exists(path))
            problems.Add($"{listPath}:{lineNumber}: {role} '{path}' does not exist");
    }

    /// <summary>Records a problem found while parsing a line.</summary>
    public void Add(string listPath, int lineNumber, string problem) => problems.Add($"{listPath}:{lineNumber}: {problem}");

    /// <summary>Throws a <see cref="DatasetException"/> listing the first problems, if there were any.</summary>
    public void ThrowIfAny()
    {
        if (problems.Count == 0) return;
        string shown = string.Join(Environment.NewLine, problems.Take(ProblemsShown));
        string more = problems.Count > ProblemsShown ? $"{Environment.NewLine}... and {problems.Count - ProblemsShown} more ({problems.Count} problems in total)." : "";
        throw new DatasetException($"The dataset lists {problems.Count} file(s) that cannot be used:{Environment.NewLine}{shown}{more}");
    }
}
