using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Data.Synthesis;

/// <summary>A photo that was left out, and why (for example "mask is empty").</summary>
/// <param name="PhotoPath">The photo's path.</param>
/// <param name="Reason">What is wrong, naming the file at fault when it is the mask.</param>
public sealed record SkippedPhoto(string PhotoPath, string Reason);

/// <summary>What a synthesis run produced.</summary>
public sealed record SynthesisReport
{
    /// <summary>The subset folder, <c>&lt;OutputRoot&gt;/&lt;Subset&gt;</c>.</summary>
    public required string SubsetDirectory { get; init; }
    /// <summary>The training list written.</summary>
    public required string TrainListPath { get; init; }
    /// <summary>The test list written.</summary>
    public required string TestListPath { get; init; }
    /// <summary>True when the folder held an earlier, interrupted or complete, run with the same parameters that this one finished.</summary>
    public required bool Resumed { get; init; }
    /// <summary>Photos found in the photo folder.</summary>
    public required int PhotosFound { get; init; }
    /// <summary>Photos left out, with reasons, in file-name order.</summary>
    public required IReadOnlyList<SkippedPhoto> Skipped { get; init; }
    /// <summary>Photos in the training split.</summary>
    public required int TrainPhotos { get; init; }
    /// <summary>Photos in the test split.</summary>
    public required int TestPhotos { get; init; }
    /// <summary>Composites in the training list.</summary>
    public required int TrainComposites { get; init; }
    /// <summary>Composites in the test list.</summary>
    public required int TestComposites { get; init; }
    /// <summary>Files (real photos, masks, composites) this run wrote; the rest were already complete.</summary>
    public required int FilesWritten { get; init; }
    /// <summary>Format of real photos and composites.</summary>
    public required ImageFileFormat OutputFormat { get; init; }
    /// <summary>Wall-clock time of the run.</summary>
    public required TimeSpan Elapsed { get; init; }
}
