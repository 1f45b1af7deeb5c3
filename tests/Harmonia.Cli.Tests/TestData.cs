namespace Harmonia.Cli.Tests;

/// <summary>Locates the committed test data (tests/data) from the test binary's folder.</summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "data");
            if (Directory.Exists(Path.Combine(candidate, "fixtures")))
                return candidate;
        }
        throw new DirectoryNotFoundException($"tests/data not found above {AppContext.BaseDirectory}");
    });

    /// <summary>The repository's root folder (two levels above tests/data).</summary>
    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(Root.Value, "..", ".."));

    /// <summary>A file of a parity fixture, e.g. <c>Fixture("hdnet-ngf8", "weights.pth")</c>.</summary>
    public static string Fixture(string name, string file) => Path.Combine(Root.Value, "fixtures", name, file);

    /// <summary>A file of tests/data/soft-mask: a small composite, its binary mask, and results of the bundled
    /// HDNet-lite made before soft masks were blended everywhere.</summary>
    public static string SoftMask(string file) => Path.Combine(Root.Value, "soft-mask", file);

    /// <summary>A hostile input of tests/data/robustness (found by fuzzing, issue 13).</summary>
    public static string Hostile(string file) => Path.Combine(Root.Value, "robustness", file);
}
