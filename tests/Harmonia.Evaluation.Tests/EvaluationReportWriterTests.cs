using System.Text.Json;
using Harmonia.Evaluation.Metrics;
using Harmonia.Evaluation.Reports;
using Harmonia.Imaging;

namespace Harmonia.Evaluation.Tests;

public sealed class EvaluationReportWriterTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("harmonia-reports-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void WritesTheThreeFilesFromEvaluatedImages()
    {
        Image target = SyntheticImages.Noise(16, 16, 3, seed: 21, low: 40, high: 200);
        Image prediction = SyntheticImages.Offset(target, 5);
        var mask = ForegroundMask.FromBinaryPlane(16, 16, Enumerable.Range(0, 256).Select(i => (byte)(i < 64 ? 1 : 0)).ToArray());
        ImageScores scores = HarmonizationMetrics.Evaluate(prediction, target, mask);
        ImageRecord[] records = [ImageRecord.From("HAdobe5k", "a.jpg", scores), ImageRecord.From("HFlickr", "b.jpg", scores)];

        string output = Path.Combine(root, "run1"); // does not exist yet
        EvaluationSummary summary = EvaluationReportWriter.WriteAll(output, records, MetricOptions.Default);

        Assert.Equal(
            [EvaluationReportWriter.PerImageFileName, EvaluationReportWriter.ReportFileName, EvaluationReportWriter.SummaryFileName],
            Directory.GetFiles(output).Select(f => Path.GetFileName(f)).Order().ToArray());
        Assert.Equal(3, File.ReadAllLines(Path.Combine(output, "per_image.csv")).Length);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        Assert.Equal(25.0, json.RootElement.GetProperty("all").GetProperty("mse").GetDouble(), 12);
        Assert.Equal(2, summary.All.Count);
        Assert.Equal(2, summary.Buckets.Single(b => b.Bucket == ForegroundRatioBucket.From15To100Percent).Metrics.Count);
        Assert.Contains("| HAdobe5k | 1 | 25.00 | 25.00 |", File.ReadAllText(Path.Combine(output, "report.md")));
    }
}
