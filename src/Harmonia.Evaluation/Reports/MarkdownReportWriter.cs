using Harmonia.Imaging;
using System.Globalization;
using System.Text;
using Harmonia.Evaluation.Metrics;
using Harmonia.Tensors.Files;

namespace Harmonia.Evaluation.Reports;

/// <summary>
/// Writes report.md with the two tables the harmonization papers print: per subset (and "All") the
/// MSE, fMSE, PSNR, fPSNR and SSIM (like Table 1), and per foreground-ratio bucket the MSE and fMSE
/// (like Table 2), each with its image count. MSE, fMSE, PSNR and fPSNR get 2 decimals and SSIM 4;
/// +∞ prints as "∞", −∞ as "−∞", and a mean over no images as "–".
/// </summary>
public static class MarkdownReportWriter
{
    /// <summary>
    /// The report as Markdown. When <paramref name="conventions"/> is given, a line states which metric
    /// conventions produced the numbers.
    /// </summary>
    public static string Render(EvaluationSummary summary, MetricOptions? conventions = null, string title = "Harmonization evaluation")
    {
        ArgumentNullException.ThrowIfNull(summary);
        var md = new StringBuilder();
        md.Append("# ").Append(EscapeCell(title)).Append("\n\n");
        if (conventions is not null)
            md.Append("Conventions: ").Append(conventions.Describe()).Append(".\n\n");

        md.Append("## Results per subset\n\n");
        md.Append("| Subset | Images | MSE ↓ | fMSE ↓ | PSNR ↑ | fPSNR ↑ | SSIM ↑ |\n");
        md.Append("|:--|--:|--:|--:|--:|--:|--:|\n");
        foreach (SubsetSummary subset in summary.Subsets)
            AppendFullRow(md, EscapeCell(subset.Subset), subset.Metrics);
        AppendFullRow(md, "**All**", summary.All);
        md.Append('\n');
        md.Append("\"All\" is the mean over every image, not the mean of the subset rows.\n\n");

        md.Append("## Results per foreground ratio\n\n");
        md.Append("| Foreground ratio | Images | MSE ↓ | fMSE ↓ |\n");
        md.Append("|:--|--:|--:|--:|\n");
        foreach (BucketSummary bucket in summary.Buckets)
            md.Append("| ").Append(bucket.Label)
              .Append(" | ").Append(bucket.Metrics.Count.ToString(CultureInfo.InvariantCulture))
              .Append(" | ").Append(Format(bucket.Metrics.Mse, 2))
              .Append(" | ").Append(Format(bucket.Metrics.Fmse, 2))
              .Append(" |\n");
        md.Append('\n');
        md.Append("Ranges are open below and closed above: (0, 5%], (5%, 15%], (15%, 100%].\n");

        if (summary.All.WithoutForegroundCount > 0)
            md.Append('\n').Append(summary.All.WithoutForegroundCount.ToString(CultureInfo.InvariantCulture))
              .Append(" image(s) had an empty mask: they count in MSE, PSNR and SSIM but not in fMSE, fPSNR or any ratio bucket.\n");

        if (summary.LabShift is { } shift)
        {
            md.Append("\n## Colour shift of the object\n\n");
            md.Append("Mean CIE Lab of the harmonized object minus that of the real object, per image (negative Δa* is greener, positive Δb* yellower).\n\n");
            md.Append("| | ΔL* | Δa* | Δb* |\n|:--|--:|--:|--:|\n");
            AppendShiftRow(md, "Median", shift.Median);
            AppendShiftRow(md, "Mean", shift.Mean);
            md.Append('\n').Append(FormattableString.Invariant(
                $"{shift.LargeAShare:P1} of {shift.Count} objects moved by more than {LabShiftSummary.LargeShift:0} in a*, {shift.LargeBShare:P1} in b*.\n"));
        }
        return md.ToString();
    }

    private static void AppendShiftRow(StringBuilder md, string label, ForegroundLabShift shift) =>
        md.Append("| ").Append(label)
          .Append(" | ").Append(Format(shift.DeltaL, 2))
          .Append(" | ").Append(Format(shift.DeltaA, 2))
          .Append(" | ").Append(Format(shift.DeltaB, 2))
          .Append(" |\n");

    /// <summary>Atomically writes <see cref="Render"/>'s text to <paramref name="path"/>.</summary>
    public static void Write(EvaluationSummary summary, string path, MetricOptions? conventions = null) =>
        AtomicFileWriter.WriteAllText(path, Render(summary, conventions));

    private static void AppendFullRow(StringBuilder md, string label, MetricSummary m) =>
        md.Append("| ").Append(label)
          .Append(" | ").Append(m.Count.ToString(CultureInfo.InvariantCulture))
          .Append(" | ").Append(Format(m.Mse, 2))
          .Append(" | ").Append(Format(m.Fmse, 2))
          .Append(" | ").Append(Format(m.Psnr, 2))
          .Append(" | ").Append(Format(m.Fpsnr, 2))
          .Append(" | ").Append(Format(m.Ssim, 4))
          .Append(" |\n");

    /// <summary>Fixed decimals, invariant culture, with readable non-finite values.</summary>
    internal static string Format(double value, int decimals)
    {
        if (double.IsNaN(value)) return "–";
        if (double.IsPositiveInfinity(value)) return "∞";
        if (double.IsNegativeInfinity(value)) return "−∞";
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    // A subset name is user data: a pipe would split the cell and a line break would end the table.
    private static string EscapeCell(string text) =>
        text.Replace("\\", "\\\\").Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");
}
