using Harmonia.Evaluation.Metrics;
using Harmonia.Evaluation.Reports;

namespace Harmonia.Evaluation.Tests;

public class MarkdownReportWriterTests
{
    private static EvaluationSummary Sample() => EvaluationAggregator.Summarize(
    [
        new ImageRecord("HCOCO", "a", 0.02, 30.0, 400.0, 38.0, 26.0, 0.98),
        new ImageRecord("HCOCO", "b", 0.5, 10.0, 100.0, 40.0, 30.0, 0.96),
        new ImageRecord("Odd|name", "c", 0.03, 0.0, 0.0, double.PositiveInfinity, double.PositiveInfinity, 1.0),
    ]);

    [Fact]
    public void SubsetTableHasOneRowPerSubsetThenAll()
    {
        string[] lines = MarkdownReportWriter.Render(Sample()).Split('\n');
        int header = Array.IndexOf(lines, "| Subset | Images | MSE ↓ | fMSE ↓ | PSNR ↑ | fPSNR ↑ | SSIM ↑ |");
        Assert.True(header >= 0);
        Assert.Equal("| HCOCO | 2 | 20.00 | 250.00 | 39.00 | 28.00 | 0.9700 |", lines[header + 2]);
        Assert.Equal("| Odd\\|name | 1 | 0.00 | 0.00 | ∞ | ∞ | 1.0000 |", lines[header + 3]);
        Assert.Equal("| **All** | 3 | 13.33 | 166.67 | ∞ | ∞ | 0.9800 |", lines[header + 4]);
    }

    [Fact]
    public void BucketTableShowsCountsMseAndFmseWithDashForEmpty()
    {
        string[] lines = MarkdownReportWriter.Render(Sample()).Split('\n');
        int header = Array.IndexOf(lines, "| Foreground ratio | Images | MSE ↓ | fMSE ↓ |");
        Assert.True(header >= 0);
        Assert.Equal("| 0-5% | 2 | 15.00 | 200.00 |", lines[header + 2]);
        Assert.Equal("| 5-15% | 0 | – | – |", lines[header + 3]);
        Assert.Equal("| 15-100% | 1 | 10.00 | 100.00 |", lines[header + 4]);
    }

    [Fact]
    public void ConventionsLineAppearsWhenGiven()
    {
        var options = new MetricOptions(Peak: PsnrPeak.TargetMaximum);
        Assert.Contains("Conventions: " + options.Describe(), MarkdownReportWriter.Render(Sample(), options));
        Assert.DoesNotContain("Conventions:", MarkdownReportWriter.Render(Sample()));
    }

    [Fact]
    public void EmptyMasksAreMentioned()
    {
        EvaluationSummary summary = EvaluationAggregator.Summarize([new ImageRecord("S", "x", 0, 1, double.NaN, 40, double.NaN, 0.9)]);
        Assert.Contains("1 image(s) had an empty mask", MarkdownReportWriter.Render(summary));
    }
}
