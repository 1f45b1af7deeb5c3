using Harmonia.Evaluation.Runs;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;
using Harmonia.Models;

namespace Harmonia.Evaluation.Tests;

public sealed class EvaluationRunnerFailureTests : RunnerTestFolder
{
    private static readonly EvaluationOptions Native = new(Size: WorkingSize.Native);

    private static IHarmonizer Composite() => ModelCatalog.Load("composite", null, null, bundledModelsDirectory: "unused");

    private void AddGoodSamples(int count, int size = 32)
    {
        for (int i = 0; i < count; i++)
        {
            Image real = SyntheticImages.Noise(size, size, 3, seed: 40 + i, low: 20, high: 230);
            Func<int, int, bool> inside = (x, y) => x >= 4 && x < 12 && y >= 4 && y < 14;
            Dataset.Add("S", $"good{i}", SyntheticDataset.ShiftForeground(real, inside, [8, 8, 8]), SyntheticDataset.MaskImage(size, size, inside), real);
        }
    }

    private bool ReportWritten => File.Exists(Path.Combine(Output, "summary.json")) || File.Exists(Path.Combine(Output, "per_image.csv"));

    [Fact]
    public void CorruptCompositeFailsTheRunNamingTheSampleAndFile()
    {
        AddGoodSamples(3);
        File.WriteAllBytes(Dataset.Samples[1].CompositePath, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);

        var error = Assert.Throws<EvaluationSampleException>(() => EvaluationRunner.Run(Composite(), Dataset.Samples, Output, Native));

        Assert.StartsWith("S/good1: composite " + Dataset.Samples[1].CompositePath, error.Message);
        Assert.Same(Dataset.Samples[1], error.Sample);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(ReportWritten);
    }

    [Fact]
    public void MissingRealImageNamesTheMissingFile()
    {
        AddGoodSamples(2);
        File.Delete(Dataset.Samples[0].RealPath);

        var error = Assert.Throws<EvaluationSampleException>(() => EvaluationRunner.Run(Composite(), Dataset.Samples, Output, Native));

        Assert.StartsWith("S/good0: real image", error.Message);
        Assert.Contains(Dataset.Samples[0].RealPath, error.Message);
    }

    [Fact]
    public void MaskOfAnotherSizeNamesTheMask()
    {
        AddGoodSamples(2);
        ImageFile.Save(Dataset.Samples[1].MaskPath, SyntheticDataset.MaskImage(20, 32, (x, _) => x < 5));

        var error = Assert.Throws<EvaluationSampleException>(() => EvaluationRunner.Run(Composite(), Dataset.Samples, Output, Native));

        Assert.StartsWith("S/good1: mask", error.Message);
        Assert.Contains(Dataset.Samples[1].MaskPath, error.Message);
        Assert.Contains("20x32", error.Message);
    }

    [Fact]
    public void RealImageOfAnotherSizeNamesTheRealImage()
    {
        AddGoodSamples(1);
        ImageFile.Save(Dataset.Samples[0].RealPath, SyntheticImages.Noise(32, 31, 3, seed: 1));

        var error = Assert.Throws<EvaluationSampleException>(() =>
            EvaluationRunner.Run(Composite(), Dataset.Samples, Output, new EvaluationOptions(Size: WorkingSize.Square(16))));

        Assert.Contains($"real image {Dataset.Samples[0].RealPath} is 32x31", error.Message);
    }

    [Fact]
    public void TheReportedFailureIsTheFirstBadSampleInListOrderWhateverTheWorkerCount()
    {
        AddGoodSamples(8, size: 16);
        File.WriteAllText(Dataset.Samples[2].MaskPath, "not an image");
        File.WriteAllText(Dataset.Samples[6].CompositePath, "not an image");

        foreach (int workers in new[] { 1, 4 })
        {
            var error = Assert.Throws<EvaluationSampleException>(() =>
                EvaluationRunner.Run(Composite(), Dataset.Samples, Path.Combine(Output, $"w{workers}"), Native with { Workers = workers }));
            Assert.Equal("good2", error.Sample.Name);
        }
    }

    [Fact]
    public void SkipPolicyLeavesBadSamplesOutAndListsThem()
    {
        AddGoodSamples(4);
        File.WriteAllText(Dataset.Samples[1].CompositePath, "garbage");
        File.Delete(Dataset.Samples[3].MaskPath);

        EvaluationResult result = EvaluationRunner.Run(Composite(), Dataset.Samples, Output, Native with { OnBadImage = BadImagePolicy.Skip, Workers = 2 });

        Assert.Equal(["good0", "good2"], result.Records.Select(r => r.Name).ToArray());
        Assert.Equal(["good1", "good3"], result.Skipped.Select(s => s.Name).ToArray());
        Assert.Contains(Dataset.Samples[1].CompositePath, result.Skipped[0].Reason);
        Assert.Contains(Dataset.Samples[3].MaskPath, result.Skipped[1].Reason);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(Output, "per_image.csv")).Length);
        string report = File.ReadAllText(Path.Combine(Output, "report.md"));
        Assert.Contains("- Images skipped: 2", report);
        Assert.Contains("## Skipped images", report);
        Assert.Contains("| S | good3 | mask", report);
    }

    [Fact]
    public void SkipPolicyWithEverySampleBadReportsThatNothingWasEvaluated()
    {
        AddGoodSamples(2);
        foreach (EvaluationSample sample in Dataset.Samples) File.Delete(sample.RealPath);

        var error = Assert.Throws<InvalidOperationException>(() =>
            EvaluationRunner.Run(Composite(), Dataset.Samples, Output, Native with { OnBadImage = BadImagePolicy.Skip }));

        Assert.Contains("All 2 samples were skipped", error.Message);
        Assert.False(ReportWritten);
    }

    [Fact]
    public void AFailingModelFailsTheRunEvenUnderTheSkipPolicy()
    {
        AddGoodSamples(2);

        var error = Assert.Throws<EvaluationSampleException>(() =>
            EvaluationRunner.Run(new FailingHarmonizer(), Dataset.Samples, Output, Native with { OnBadImage = BadImagePolicy.Skip }));

        Assert.Equal("S/good0: broken failed: InvalidOperationException: kernel exploded", error.Message);
        Assert.False(ReportWritten);
    }

    [Fact]
    public void NativeSizeThatIsNotAMultipleOfTheModelsIsAnErrorForThatImage()
    {
        AddGoodSamples(1, size: 32);
        Image real = SyntheticImages.Noise(36, 36, 3, seed: 9);
        Dataset.Add("S", "odd", real, SyntheticDataset.MaskImage(36, 36, (x, _) => x < 9), real);

        var error = Assert.Throws<EvaluationSampleException>(() => EvaluationRunner.Run(new MultipleOfEightIdentity(), Dataset.Samples, Output, Native));

        Assert.Equal("odd", error.Sample.Name);
        Assert.Contains(Dataset.Samples[1].CompositePath, error.Message);
        Assert.Contains("36x36", error.Message);
        Assert.Contains("multiples of 8", error.Message);

        // The 32×32 sample alone is fine at native size.
        EvaluationResult result = EvaluationRunner.Run(new MultipleOfEightIdentity(), [Dataset.Samples[0]], Path.Combine(Root, "ok"), Native);
        Assert.Single(result.Records);
    }

    [Fact]
    public void FixedSizeThatIsNotAMultipleOfTheModelsFailsBeforeAnyWork()
    {
        AddGoodSamples(1);
        var error = Assert.Throws<ArgumentException>(() =>
            EvaluationRunner.Run(new MultipleOfEightIdentity(), Dataset.Samples, Output, new EvaluationOptions(Size: WorkingSize.Square(30))));
        Assert.Contains("30 is not a multiple of 8", error.Message);
        Assert.False(Directory.Exists(Output));
    }

    [Fact]
    public void RejectsMalformedSampleLists()
    {
        AddGoodSamples(2);
        IHarmonizer model = Composite();
        EvaluationSample first = Dataset.Samples[0];

        Assert.Contains("no samples", Assert.Throws<ArgumentException>(() => EvaluationRunner.Run(model, [], Output, Native)).Message);
        Assert.Contains("S/good0 appears more than once",
            Assert.Throws<ArgumentException>(() => EvaluationRunner.Run(model, [first, Dataset.Samples[1] with { Name = "good0" }], Output, Native)).Message);
        Assert.Contains("non-empty subset",
            Assert.Throws<ArgumentException>(() => EvaluationRunner.Run(model, [first with { Subset = "" }], Output, Native)).Message);
        Assert.Contains("needs composite, mask and real paths",
            Assert.Throws<ArgumentException>(() => EvaluationRunner.Run(model, [first with { MaskPath = "" }], Output, Native)).Message);
        // Names only become paths when images are saved; then they must stay inside images/.
        Assert.Contains("'../escape'", Assert.Throws<ArgumentException>(() =>
            EvaluationRunner.Run(model, [first with { Name = "../escape" }], Output, Native with { SaveImages = true })).Message);
        Assert.Contains("'a/b'", Assert.Throws<ArgumentException>(() =>
            EvaluationRunner.Run(model, [first with { Subset = "a/b" }], Output, Native with { SaveImages = true })).Message);
        Assert.Contains("Workers", Assert.Throws<ArgumentException>(() =>
            EvaluationRunner.Run(model, Dataset.Samples, Output, Native with { Workers = -1 })).Message);
        Assert.False(Directory.Exists(Output));
    }
}
