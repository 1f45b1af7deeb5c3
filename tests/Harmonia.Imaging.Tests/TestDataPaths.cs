namespace Harmonia.Imaging.Tests;

/// <summary>Locates the committed test files under tests/data/imaging of the repository.</summary>
internal static class TestDataPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The tests/data/imaging folder.</summary>
    public static string ImagingRoot => Root.Value;

    /// <summary>A path inside tests/data/imaging.</summary>
    public static string Get(params string[] parts) => Path.Combine([ImagingRoot, .. parts]);

    /// <summary>A hostile input of tests/data/robustness (found by fuzzing, issue 13).</summary>
    public static string Hostile(string file) => Path.Combine(ImagingRoot, "..", "robustness", file);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "data", "imaging");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"tests/data/imaging not found above {AppContext.BaseDirectory}.");
    }
}
