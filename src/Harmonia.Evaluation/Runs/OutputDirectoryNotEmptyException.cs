namespace Harmonia.Evaluation.Runs;

/// <summary>
/// The output directory already holds files and the run was not told to overwrite them
/// (<see cref="EvaluationOptions.Overwrite"/>). Thrown before any work is done.
/// </summary>
public sealed class OutputDirectoryNotEmptyException : IOException
{
    /// <summary>Creates the error for <paramref name="directory"/>.</summary>
    public OutputDirectoryNotEmptyException(string directory)
        : base($"Output directory {directory} is not empty; choose another or allow overwriting (--overwrite).")
    {
        Directory = directory;
    }

    /// <summary>Full path of the directory.</summary>
    public string Directory { get; }
}
