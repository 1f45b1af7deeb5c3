using Harmonia.Cli.Errors;

namespace Harmonia.Cli.Output;

/// <summary>
/// Enforces the rule that <c>harmonia</c> never replaces an existing output unless the user passed
/// <c>--overwrite</c>. Commands call it before doing any work, so a long run does not fail at the end.
/// </summary>
public static class OverwriteGuard
{
    /// <summary>The reason printed when an output file already exists.</summary>
    public const string ExistsReason = "exists; pass --overwrite to replace it";

    /// <summary>Throws a <see cref="CliException"/> unless <paramref name="path"/> may be written as a file:
    /// it must not be a directory, must not exist unless <paramref name="overwrite"/> is true, and its folder
    /// must exist or be creatable (<see cref="OutputFolder"/>).</summary>
    public static void EnsureFileCanBeWritten(string path, bool overwrite)
    {
        OutputFolder.EnsureCanBeCreated(Path.GetDirectoryName(path) ?? "", path);
        if (Directory.Exists(path))
            throw new CliException(path, "is a directory, expected a file path");
        if (File.Exists(path) && !overwrite)
            throw new CliException(path, ExistsReason);
    }
}
