namespace Harmonia.Data.Tests;

/// <summary>Locates the committed test files under tests/data/datasets of the repository.</summary>
internal static class TestDataPaths
{
    /// <summary>The absolute path of <c>tests/data/datasets/&lt;relative&gt;</c>.</summary>
    public static string Datasets(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "data", "datasets")))
            dir = dir.Parent;
        if (dir is null) throw new DirectoryNotFoundException("tests/data/datasets not found above " + AppContext.BaseDirectory);
        return Path.Combine(dir.FullName, "tests", "data", "datasets", relative);
    }
}
