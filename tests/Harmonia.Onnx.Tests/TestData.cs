namespace Harmonia.Onnx.Tests;

/// <summary>Finds the repository's committed test data and bundled models from the test binary's location.</summary>
internal static class TestData
{
    /// <summary>The absolute path of <c>tests/data/&lt;relative&gt;</c>.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(RepositoryRoot, "tests", "data", relative);

    /// <summary>The bundled models folder, <c>models/</c>.</summary>
    public static string ModelsFolder => System.IO.Path.Combine(RepositoryRoot, "models");

    private static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !Directory.Exists(System.IO.Path.Combine(dir.FullName, "tests", "data")))
                dir = dir.Parent;
            return dir?.FullName ?? throw new DirectoryNotFoundException("tests/data not found above " + AppContext.BaseDirectory);
        }
    }
}
