using Harmonia.Cli.Errors;

namespace Harmonia.Cli.Output;

/// <summary>
/// The check, made before any work, that the folder an output goes into exists or can be created. A
/// command creates missing folders itself, which fails only when a file stands where a folder of the path
/// should be (<c>--out notes.txt/result.png</c>); the error then names that file, not the rename or
/// folder creation that would otherwise fail at the end of a long run.
/// </summary>
public static class OutputFolder
{
    /// <summary>
    /// Throws a <see cref="CliException"/> about <paramref name="subject"/> (the output as the user typed
    /// it) when <paramref name="folder"/> cannot be created because one of its ancestors, or the folder
    /// itself, is a file.
    /// </summary>
    public static void EnsureCanBeCreated(string folder, string subject)
    {
        if (FileInTheWay(folder) is { } file)
            throw new CliException(subject, $"'{file}' is a file, so the folder this output goes into cannot be created");
    }

    /// <summary>The first path from <paramref name="folder"/> upwards that exists as a file, or null.</summary>
    private static string? FileInTheWay(string folder)
    {
        if (string.IsNullOrEmpty(folder)) return null;
        for (var path = Path.GetFullPath(folder); !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            if (Directory.Exists(path)) return null;
            if (File.Exists(path)) return DisplayPath(path, folder);
        }
        return null;
    }

    // The file as the user would recognise it: relative when the output path was relative.
    private static string DisplayPath(string fullPath, string typed) =>
        Path.IsPathRooted(typed) ? fullPath : Path.GetRelativePath(Directory.GetCurrentDirectory(), fullPath);
}
