using System.Globalization;
using System.Text;
using Harmonia.Evaluation.Metrics;
using Harmonia.Evaluation.Reports;
using Harmonia.Imaging;
using Harmonia.Models;
using Harmonia.Tensors.Files;

namespace Harmonia.Evaluation.Runs;

/// <summary>
/// Writes a run's per_image.csv, summary.json and report.md through the report writers, each
/// atomically. report.md gets the standard tables plus a section describing the run (model, output, size)
/// and, when samples were skipped, a list of them; summary.json gets the same description as its
/// <c>run</c> object. Nothing time-dependent is written, so the same inputs give byte-identical files.
/// </summary>
internal static class RunReportWriter
{
    public static EvaluationSummary Write(
        OutputDirectory output, IHarmonizer harmonizer, EvaluationOptions options,
        IReadOnlyList<ImageRecord> records, IReadOnlyList<SkippedImage> skipped)
    {
        EvaluationSummary summary = EvaluationAggregator.Summarize(records);
        MetricOptions conventions = options.EffectiveMetrics;
        var run = Describe(harmonizer, options, records.Count, skipped.Count);
        PerImageCsvWriter.Write(records, Path.Combine(output.FullPath, EvaluationReportWriter.PerImageFileName));
        SummaryJsonWriter.Write(summary, Path.Combine(output.FullPath, EvaluationReportWriter.SummaryFileName), run);
        string markdown = MarkdownReportWriter.Render(summary, conventions, $"Harmonization evaluation: {run.Model}")
            + RunSection(run, skipped);
        AtomicFileWriter.WriteAllText(Path.Combine(output.FullPath, EvaluationReportWriter.ReportFileName), markdown);
        return summary;
    }

    private static EvaluationRunDescription Describe(IHarmonizer harmonizer, EvaluationOptions options, int evaluated, int skipped)
    {
        WorkingSize size = options.EffectiveSize;
        string sizeText = size.IsNative
            ? "native (images evaluated at their own size)"
            : FormattableString.Invariant($"{size.Side}×{size.Side} (composite and real {FilterName(options.ImageFilter)}, mask nearest)");
        return new EvaluationRunDescription(harmonizer.Name, HarmonizerOutput.Describe(harmonizer), sizeText, evaluated, skipped);
    }

    private static string RunSection(EvaluationRunDescription run, IReadOnlyList<SkippedImage> skipped)
    {
        var md = new StringBuilder();
        md.Append("\n## Run\n\n");
        md.Append("- Model: ").Append(EscapeCell(run.Model)).Append('\n');
        md.Append("- Output: ").Append(run.Output).Append('\n');
        md.Append("- Size: ").Append(run.Size).Append('\n');
        md.Append("- Images evaluated: ").Append(run.Evaluated.ToString(CultureInfo.InvariantCulture)).Append('\n');
        md.Append("- Images skipped: ").Append(run.Skipped.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (skipped.Count == 0) return md.ToString();

        md.Append("\n## Skipped images\n\n");
        md.Append("These images could not be evaluated and are not in any mean above, so the means are not comparable with results over the full test set.\n\n");
        md.Append("| Subset | Image | Reason |\n|:--|:--|:--|\n");
        foreach (SkippedImage image in skipped)
            md.Append("| ").Append(EscapeCell(image.Subset))
              .Append(" | ").Append(EscapeCell(image.Name))
              .Append(" | ").Append(EscapeCell(image.Reason))
              .Append(" |\n");
        return md.ToString();
    }

    private static string FilterName(ResamplingFilter filter) => filter switch
    {
        ResamplingFilter.Nearest => "nearest",
        ResamplingFilter.Bilinear => "bilinear",
        ResamplingFilter.Bicubic => "bicubic",
        _ => filter.ToString(),
    };

    // Names and reasons are user data: a pipe would split a table cell and a line break would end the table.
    private static string EscapeCell(string text) =>
        text.Replace("\\", "\\\\").Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");
}
