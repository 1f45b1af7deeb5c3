namespace Harmonia.Evaluation.Tests;

/// <summary>A temporary folder per test with a dataset/ and an out/ path, deleted afterwards.</summary>
public abstract class RunnerTestFolder : IDisposable
{
    protected RunnerTestFolder()
    {
        Root = Directory.CreateTempSubdirectory("harmonia-eval-run-").FullName;
        Dataset = new SyntheticDataset(Path.Combine(Root, "dataset"));
        Output = Path.Combine(Root, "out");
    }

    /// <summary>The temporary folder.</summary>
    protected string Root { get; }

    /// <summary>Builder of the test's input files.</summary>
    internal SyntheticDataset Dataset { get; }

    /// <summary>The run's output directory (not created).</summary>
    protected string Output { get; }

    public void Dispose()
    {
        Directory.Delete(Root, recursive: true);
        GC.SuppressFinalize(this);
    }
}
