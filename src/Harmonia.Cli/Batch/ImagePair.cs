namespace Harmonia.Cli.Batch;

/// <summary>One composite and its mask in a batch.</summary>
/// <param name="Name">The composite's file name without extension; the output is named after it.</param>
/// <param name="Composite">Path of the composite image.</param>
/// <param name="Mask">Path of its foreground mask.</param>
public sealed record ImagePair(string Name, string Composite, string Mask)
{
    /// <summary>The extension of every batch output: PNG, so a batch adds no second round of JPEG loss.</summary>
    public const string OutputExtension = ".png";

    /// <summary>The file this pair's result is written to in <paramref name="outputDirectory"/>: <c>NAME.png</c>.</summary>
    public string OutputPath(string outputDirectory) => Path.Combine(outputDirectory, Name + OutputExtension);
}
