using Harmonia.Evaluation.Reports;

namespace Harmonia.Evaluation.Runs;

/// <summary>What a finished run produced.</summary>
/// <param name="Records">Scores of every evaluated image, in sample order (as in per_image.csv).</param>
/// <param name="Skipped">Samples left out under <see cref="BadImagePolicy.Skip"/>, in sample order; empty otherwise.</param>
/// <param name="Summary">The per-subset, overall and per-bucket means (as in summary.json).</param>
/// <param name="OutputDirectory">Full path of the directory holding the report files.</param>
/// <param name="Elapsed">Wall time of the run (not written to the report files, which stay deterministic).</param>
public sealed record EvaluationResult(
    IReadOnlyList<ImageRecord> Records,
    IReadOnlyList<SkippedImage> Skipped,
    EvaluationSummary Summary,
    string OutputDirectory,
    TimeSpan Elapsed);
