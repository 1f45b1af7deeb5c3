using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Cli.Batch;

/// <summary>
/// The file format of a batch's outputs (<c>--format png|jpg</c>). PNG is the default, so a batch adds no
/// second round of JPEG loss; JPEG gives smaller files.
/// </summary>
public static class BatchOutputFormat
{
    /// <summary>The names <c>--format</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Names = ["png", "jpg", "jpeg"];

    /// <summary>The default, <c>png</c>.</summary>
    public const string Default = "png";

    /// <summary>The extension (with the dot) of outputs written in <paramref name="name"/>: <c>.png</c> or <c>.jpg</c>.</summary>
    public static string Extension(string name) => Parse(name) == ImageFileFormat.Png ? ".png" : ".jpg";

    /// <summary>The format <paramref name="name"/> (one of <see cref="Names"/>, any case) stands for.</summary>
    public static ImageFileFormat Parse(string name) => name.ToLowerInvariant() switch
    {
        "png" => ImageFileFormat.Png,
        "jpg" or "jpeg" => ImageFileFormat.Jpeg,
        _ => throw new ArgumentException($"unknown output format '{name}'; use png or jpg", nameof(name)),
    };
}
