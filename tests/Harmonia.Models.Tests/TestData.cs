namespace Harmonia.Models.Tests;

/// <summary>Finds the repository's committed test data from the test binary's location.</summary>
internal static class TestData
{
    /// <summary>The absolute path of <c>tests/data/&lt;relative&gt;</c>.</summary>
    public static string Path(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(System.IO.Path.Combine(dir.FullName, "tests", "data")))
            dir = dir.Parent;
        if (dir is null) throw new DirectoryNotFoundException("tests/data not found above " + AppContext.BaseDirectory);
        return System.IO.Path.Combine(dir.FullName, "tests", "data", relative);
    }
}
