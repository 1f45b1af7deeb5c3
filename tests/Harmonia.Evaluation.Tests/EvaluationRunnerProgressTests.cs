using Harmonia.Evaluation.Runs;
using Harmonia.Imaging;
using Harmonia.Models;

namespace Harmonia.Evaluation.Tests;

public sealed class EvaluationRunnerProgressTests : RunnerTestFolder
{
    private static readonly EvaluationOptions Native = new(Size: WorkingSize.Native);

    private static IHarmonizer Composite() => ModelCatalog.Load("composite", null, null, bundledModelsDirectory: "unused");

    private void AddSamples(int count)
    {
        for (int i = 0; i < count; i++)
        {
            Image real = SyntheticImages.Noise(16, 16, 3, seed: i);
            Dataset.Add("P", $"p{i}", real, SyntheticDataset.MaskImage(16, 16, (x, _) => x < 4 + i % 5), real);
        }
    }

    [Fact]
    public void ReportsEveryFinishedSampleOnceWithARisingCount()
    {
        AddSamples(7);
        File.WriteAllText(Dataset.Samples[3].RealPath, "bad");
        var reports = new List<EvaluationProgress>();

        EvaluationRunner.Run(Composite(), Dataset.Samples, Output, Native with { Workers = 3, OnBadImage = BadImagePolicy.Skip }, reports.Add);

        Assert.Equal(Enumerable.Range(1, 7), reports.Select(p => p.Done));
        Assert.All(reports, p => Assert.Equal(7, p.Total));
        Assert.Equal(1, reports[^1].Skipped);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal(TimeSpan.Zero, reports[^1].EstimatedRemaining);
    }

    [Fact]
    public void ProgressArithmetic()
    {
        var progress = new EvaluationProgress(Done: 5, Skipped: 0, Total: 20, Elapsed: TimeSpan.FromSeconds(2));
        Assert.Equal(2.5, progress.ImagesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(6), progress.EstimatedRemaining);
        Assert.Equal(0.25, progress.Fraction);
        Assert.Null(new EvaluationProgress(0, 0, 20, TimeSpan.Zero).EstimatedRemaining);
        Assert.Equal(0, new EvaluationProgress(0, 0, 20, TimeSpan.Zero).ImagesPerSecond);
    }

    [Fact]
    public void CancellingStopsTheRunWithoutWritingAReport()
    {
        AddSamples(6);
        using var cancellation = new CancellationTokenSource();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            EvaluationRunner.Run(Composite(), Dataset.Samples, Output, Native with { Workers = 1 }, _ => cancellation.Cancel(), cancellation.Token));

        Assert.False(File.Exists(Path.Combine(Output, "summary.json")));
        Assert.False(File.Exists(Path.Combine(Output, "report.md")));
    }

    [Fact]
    public void AlreadyCancelledTokenDoesNothing()
    {
        AddSamples(2);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        int reports = 0;

        Assert.ThrowsAny<OperationCanceledException>(() =>
            EvaluationRunner.Run(Composite(), Dataset.Samples, Output, Native, _ => reports++, cancellation.Token));

        Assert.Equal(0, reports);
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public void AnExceptionFromTheProgressCallbackSurfacesAsItself()
    {
        AddSamples(3);
        var error = Assert.Throws<InvalidOperationException>(() =>
            EvaluationRunner.Run(Composite(), Dataset.Samples, Output, Native, _ => throw new InvalidOperationException("bar broke")));
        Assert.Equal("bar broke", error.Message);
    }
}
