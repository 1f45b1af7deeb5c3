using Harmonia.Evaluation.Metrics;

namespace Harmonia.Evaluation.Reports;

/// <summary>Writes the three report files of one evaluation run into a directory.</summary>
public static class EvaluationReportWriter
{
    /// <summary>File name of the JSON summary.</summary>
    public const string SummaryFileName = "summary.json";
    /// <summary>File name of the Markdown report.</summary>
    public const string ReportFileName = "report.md";
    /// <summary>File name of the per-image CSV.</summary>
    public const string PerImageFileName = "per_image.csv";

    /// <summary>
    /// Summarises <paramref name="records"/> and writes per_image.csv, summary.json and report.md into
    /// <paramref name="directory"/> (created if missing), each atomically. Returns the summary.
    /// </summary>
    public static EvaluationSummary WriteAll(string directory, IReadOnlyList<ImageRecord> records, MetricOptions? conventions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(records);
        EvaluationSummary summary = EvaluationAggregator.Summarize(records);
        Directory.CreateDirectory(directory);
        PerImageCsvWriter.Write(records, Path.Combine(directory, PerImageFileName));
        SummaryJsonWriter.Write(summary, Path.Combine(directory, SummaryFileName));
        MarkdownReportWriter.Write(summary, Path.Combine(directory, ReportFileName), conventions);
        return summary;
    }
}
