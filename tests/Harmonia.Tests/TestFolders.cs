namespace Harmonia.Tests;

/// <summary>A fresh folder under the system's temporary folder, deleted when disposed.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "harmonia-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}

/// <summary>The repository's root folder (the one holding Harmonia.sln), found from the test's output folder.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(folder.FullName, "Harmonia.sln"))) return folder.FullName;
        throw new InvalidOperationException($"no Harmonia.sln above {AppContext.BaseDirectory}");
    }
}
