using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Package.Tests;

/// <summary>
/// Packs the library and the tool from this checkout under a version no earlier run used, into a
/// folder feed of its own; builds the repository's samples/ against that feed in a copy outside the
/// repository; installs the tool from the feed. NuGet's global packages folder is a fresh one too, so
/// nothing can come from an earlier pack. Shared by the tests of <see cref="PackageTests"/>.
/// </summary>
public sealed class PackedRelease : IDisposable
{
    public PackedRelease()
    {
        Repository = FindRepositoryRoot();
        Version = $"0.1.0-test-{Guid.NewGuid():N}";
        Root = Path.Combine(Path.GetTempPath(), "harmonia-package-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Feed);
        try
        {
            Prepare();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private void Prepare()
    {
        // The pack builds go to one folder under .build/ (ignored by git), reused between runs so they
        // are incremental; the lock keeps two test runs in one checkout from building there at once.
        var buildFolder = Path.Combine(Repository, ".build", "package-tests");
        Directory.CreateDirectory(buildFolder);
        using (TakeLock(Path.Combine(buildFolder, "lock")))
        {
            Pack("src/Harmonia/Harmonia.csproj", buildFolder);
            Pack("src/Harmonia.Cli/Harmonia.Cli.csproj", buildFolder);
        }

        var userPackages = FindGlobalPackagesFolder();
        CopyFolder(Path.Combine(Repository, "samples"), Samples);
        // The samples' own config only adds ../artifacts; this one allows nothing but the fresh feed, and
        // the user's packages folder (as a read-only feed) for third-party dependencies already restored.
        File.WriteAllText(Path.Combine(Samples, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Packages}" /></config>
              <packageSources>
                <clear />
                <add key="fresh-feed" value="{Feed}" />
                <add key="user-packages" value="{userPackages}" />
              </packageSources>
            </configuration>
            """);
        DotnetCommand.DotnetOk(Samples, PrivateNuGet,
            "build", Path.Combine(Samples, "HarmonizeFile", "HarmonizeFile.csproj"), "-c", "Release", $"-p:HarmoniaVersion={Version}",
            "--disable-build-servers", "-nodeReuse:false");
        BuildReadmeExample();
        DotnetCommand.DotnetOk(Root, PrivateNuGet,
            "tool", "install", "Harmonia.Tool", "--version", Version, "--tool-path", ToolFolder, "--configfile", Path.Combine(Samples, "nuget.config"));

        WritePictures(Composite, Mask);
    }

    /// <summary>The repository root (holding Harmonia.sln).</summary>
    public string Repository { get; }
    /// <summary>The version both packages were packed under.</summary>
    public string Version { get; }
    /// <summary>Everything this run writes, outside the repository.</summary>
    public string Root { get; }
    /// <summary>The folder feed holding the two fresh packages.</summary>
    public string Feed => Path.Combine(Root, "feed");
    /// <summary>The NuGet global packages folder of this run.</summary>
    public string Packages => Path.Combine(Root, "packages");
    /// <summary>The copy of samples/ built against the feed.</summary>
    public string Samples => Path.Combine(Root, "samples");
    /// <summary>Where the tool was installed.</summary>
    public string ToolFolder => Path.Combine(Root, "tools");
    /// <summary>The built sample program.</summary>
    public string SampleDll => Path.Combine(Samples, "HarmonizeFile", "bin", "Release", "net10.0", "HarmonizeFile.dll");
    /// <summary>The README's "Use it from .NET" example, built as a program.</summary>
    public string ReadmeExampleDll => Path.Combine(Samples, "ReadmeExample", "bin", "Release", "net10.0", "ReadmeExample.dll");
    /// <summary>The installed <c>harmonia</c> command.</summary>
    public string ToolCommand => Path.Combine(ToolFolder, OperatingSystem.IsWindows() ? "harmonia.exe" : "harmonia");
    /// <summary>The library package file.</summary>
    public string LibraryPackage => Path.Combine(Feed, $"Harmonia.{Version}.nupkg");
    /// <summary>The tool package file.</summary>
    public string ToolPackage => Path.Combine(Feed, $"Harmonia.Tool.{Version}.nupkg");
    /// <summary>A composite (a cold square on a warm gradient), PNG.</summary>
    public string Composite => Path.Combine(Root, "composite.png");
    /// <summary>Its mask, PNG.</summary>
    public string Mask => Path.Combine(Root, "mask.png");

    /// <summary>Environment that sends NuGet to this run's packages folder.</summary>
    public IReadOnlyDictionary<string, string> PrivateNuGet => new Dictionary<string, string> { ["NUGET_PACKAGES"] = Packages };

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    // The README's C# block becomes the whole program of a project like the sample's, so the example
    // users copy is compiled against the package exactly as printed.
    private void BuildReadmeExample()
    {
        var folder = Path.Combine(Samples, "ReadmeExample");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(Samples, "HarmonizeFile", "HarmonizeFile.csproj"), Path.Combine(folder, "ReadmeExample.csproj"));
        File.WriteAllText(Path.Combine(folder, "Program.cs"), ReadmeCSharpExample(File.ReadAllText(Path.Combine(Repository, "README.md"))));
        DotnetCommand.DotnetOk(Samples, PrivateNuGet,
            "build", Path.Combine(folder, "ReadmeExample.csproj"), "-c", "Release", $"-p:HarmoniaVersion={Version}",
            "--disable-build-servers", "-nodeReuse:false");
    }

    /// <summary>The first ```csharp block of the README's "Use it from .NET" section.</summary>
    public static string ReadmeCSharpExample(string readme)
    {
        int section = readme.IndexOf("\n## Use it from .NET\n", StringComparison.Ordinal);
        if (section < 0) throw new InvalidOperationException("README.md has no '## Use it from .NET' section");
        int start = readme.IndexOf("```csharp\n", section, StringComparison.Ordinal);
        int nextSection = readme.IndexOf("\n## ", section + 1, StringComparison.Ordinal);
        if (start < 0 || (nextSection >= 0 && start > nextSection)) throw new InvalidOperationException("the section has no ```csharp block");
        start += "```csharp\n".Length;
        return readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
    }

    private void Pack(string project, string buildFolder)
        => DotnetCommand.DotnetOk(Repository, null,
            "pack", Path.Combine(Repository, project), "-c", "Release", "-o", Feed, $"-p:PackageVersion={Version}",
            "--artifacts-path", buildFolder, "--disable-build-servers", "-nodeReuse:false");

    private string FindGlobalPackagesFolder()
    {
        // Prints "global-packages: /home/user/.nuget/packages/".
        var listed = DotnetCommand.DotnetOk(Root, null, "nuget", "locals", "global-packages", "--list").Out;
        var path = listed[(listed.IndexOf(':') + 1)..].Trim();
        return Directory.Exists(path) ? path : throw new InvalidOperationException($"no global packages folder: {listed}");
    }

    private static void WritePictures(string compositePath, string maskPath)
    {
        const int width = 64, height = 48;
        var composite = new Image(width, height, 3);
        var mask = new Image(width, height, 1);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                bool foreground = x >= 16 && x < 48 && y >= 12 && y < 36;
                int i = y * width + x;
                composite.Pixels[3 * i] = (byte)(foreground ? 40 + x % 16 : 150 + 100 * x / width);
                composite.Pixels[3 * i + 1] = (byte)(foreground ? 190 + y % 16 : 60 + 80 * y / height);
                composite.Pixels[3 * i + 2] = (byte)(foreground ? 250 : 40);
                mask.Pixels[i] = foreground ? (byte)255 : (byte)0;
            }
        }
        ImageFile.Save(compositePath, composite);
        ImageFile.Save(maskPath, mask);
    }

    private static FileStream TakeLock(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(20);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(1000);
            }
        }
    }

    private static void CopyFolder(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Contains("bin") || parts.Contains("obj")) continue;
            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Harmonia.sln"))) return folder.FullName;
        throw new InvalidOperationException($"no Harmonia.sln above {AppContext.BaseDirectory}");
    }
}
