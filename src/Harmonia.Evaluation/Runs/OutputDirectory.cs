namespace Harmonia.Evaluation.Runs;

/// <summary>The output directory of a run: the overwrite check, and where saved images go.</summary>
internal sealed class OutputDirectory
{
    /// <summary>Name of the folder holding saved harmonized images.</summary>
    public const string ImagesFolderName = "images";

    private OutputDirectory(string fullPath) => FullPath = fullPath;

    /// <summary>Absolute path of the directory.</summary>
    public string FullPath { get; }

    /// <summary>
    /// Checks <paramref name="path"/> before a run and creates it: a missing or empty directory is fine,
    /// a non-empty one only when <paramref name="overwrite"/> is set, and a file never.
    /// </summary>
    /// <exception cref="OutputDirectoryNotEmptyException">The directory holds entries and <paramref name="overwrite"/> is false.</exception>
    /// <exception cref="IOException">The path names a file.</exception>
    public static OutputDirectory Claim(string path, bool overwrite)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        if (File.Exists(fullPath))
            throw new IOException($"Output path {fullPath} is a file, not a directory.");
        if (Directory.Exists(fullPath) && !overwrite && Directory.EnumerateFileSystemEntries(fullPath).Any())
            throw new OutputDirectoryNotEmptyException(fullPath);
        Directory.CreateDirectory(fullPath);
        return new OutputDirectory(fullPath);
    }

    /// <summary>images/&lt;subset&gt;/&lt;name&gt;.png under the directory (the sample list is validated to keep it inside).</summary>
    public string HarmonizedImagePath(EvaluationSample sample) =>
        Path.Combine(FullPath, ImagesFolderName, sample.Subset, sample.Name.Replace('\\', '/') + ".png");
}
