namespace Harmonia.Cli.Batch;

/// <summary>One composite and its mask in a batch.</summary>
/// <param name="Name">The composite's file name without extension; the output is named after it.</param>
/// <param name="Composite">Path of the composite image.</param>
/// <param name="Mask">Path of its foreground mask.</param>
public sealed record ImagePair(string Name, string Composite, string Mask)
{
    /// <summary>The file this pair's result is written to in <paramref name="outputDirectory"/>: <c>NAME</c> plus
    /// <paramref name="extension"/> (<see cref="BatchOutputFormat.Extension"/>).</summary>
    public string OutputPath(string outputDirectory, string extension) => Path.Combine(outputDirectory, Name + extension);
}
