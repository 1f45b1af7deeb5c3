using Harmonia.Evaluation.Metrics;
using Harmonia.Evaluation.Reports;
using Harmonia.Evaluation.Runs;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;
using Harmonia.Models;

namespace Harmonia.Evaluation.Tests;

public sealed class EvaluationRunnerMetricsTests : RunnerTestFolder
{
    private static IHarmonizer Baseline(string name) => ModelCatalog.Load(name, null, null, bundledModelsDirectory: "unused");

    [Fact]
    public void CompositeBaselineScoresEqualTheClosedFormOfAKnownForegroundShift()
    {
        // Foreground rectangles of known area, shifted by known per-channel amounts; the composite
        // baseline returns the composite, so every error is exactly that shift inside the mask.
        var cases = new (string Name, int X0, int Y0, int X1, int Y1, int[] Shift)[]
        {
            ("a", 4, 4, 20, 12, [10, -6, 3]),   // 16×8 = 128 px
            ("b", 0, 0, 32, 16, [-20, 20, 0]),  // 512 px
            ("c", 30, 30, 32, 32, [1, 2, 2]),   // 4 px
        };
        foreach (var (name, x0, y0, x1, y1, shift) in cases)
        {
            Func<int, int, bool> inside = (x, y) => x >= x0 && x < x1 && y >= y0 && y < y1;
            Image real = SyntheticImages.Noise(32, 32, 3, seed: name[0], low: 40, high: 200);
            Dataset.Add("Synthetic", name, SyntheticDataset.ShiftForeground(real, inside, shift), SyntheticDataset.MaskImage(32, 32, inside), real);
        }

        EvaluationResult result = EvaluationRunner.Run(Baseline("composite"), Dataset.Samples, Output,
            new EvaluationOptions(Size: WorkingSize.Native));

        Assert.Equal(cases.Length, result.Records.Count);
        for (int i = 0; i < cases.Length; i++)
        {
            var (name, x0, y0, x1, y1, shift) = cases[i];
            double foreground = (x1 - x0) * (y1 - y0);
            double squaredShift = shift.Sum(d => (double)d * d);
            double mse = foreground * squaredShift / (3 * 32 * 32);
            double fmse = squaredShift / 3;
            ImageRecord record = result.Records[i];
            Assert.Equal(name, record.Name);
            Assert.Equal(foreground / (32 * 32), record.ForegroundRatio, 15);
            Assert.Equal(mse, record.Mse, 12);
            Assert.Equal(fmse, record.Fmse, 12);
            Assert.Equal(10 * Math.Log10(255.0 * 255.0 / mse), record.Psnr, 10);
            Assert.Equal(10 * Math.Log10(255.0 * 255.0 / fmse), record.Fpsnr, 10);
            Assert.True(record.Ssim < 1, $"SSIM {record.Ssim} should see the shift");
        }
        Assert.Equal(result.Records.Average(r => r.Mse), result.Summary.All.Mse, 12);
    }

    [Fact]
    public void ReinhardUndoesMostOfAPureColourShiftWhenForegroundAndBackgroundShareStatistics()
    {
        // A 4×4-periodic real image and a tile-aligned mask: foreground and background hold the same
        // colours in the same proportions, so matching the foreground's Lab statistics to the
        // background's brings it back to the truth, up to how far an sRGB shift is from an affine
        // change in Lab (small for a narrow colour range, hence 100..140).
        Image tile = SyntheticImages.Noise(4, 4, 3, seed: 7, low: 100, high: 140);
        Image real = SyntheticImages.FromFunction(32, 32, 3, (x, y, c) => tile.Pixels[((y % 4) * 4 + x % 4) * 3 + c]);
        Func<int, int, bool> inside = (x, y) => x >= 8 && x < 24 && y >= 4 && y < 20;
        Dataset.Add("Shift", "warm", SyntheticDataset.ShiftForeground(real, inside, [25, -10, -20]), SyntheticDataset.MaskImage(32, 32, inside), real);
        Dataset.Add("Shift", "cold", SyntheticDataset.ShiftForeground(real, inside, [-15, 5, 30]), SyntheticDataset.MaskImage(32, 32, inside), real);
        var options = new EvaluationOptions(Size: WorkingSize.Native);

        EvaluationResult composite = EvaluationRunner.Run(Baseline("composite"), Dataset.Samples, Path.Combine(Output, "composite"), options);
        EvaluationResult reinhard = EvaluationRunner.Run(Baseline("reinhard"), Dataset.Samples, Path.Combine(Output, "reinhard"), options);

        for (int i = 0; i < 2; i++)
        {
            Assert.True(reinhard.Records[i].Fmse < composite.Records[i].Fmse / 10,
                $"{Dataset.Samples[i].Name}: reinhard fMSE {reinhard.Records[i].Fmse} vs composite {composite.Records[i].Fmse}");
            Assert.True(reinhard.Records[i].Fpsnr > composite.Records[i].Fpsnr);
        }
    }

    [Fact]
    public void FixedSizeResizesCompositeAndRealWithTheFilterAndTheMaskNearest()
    {
        Image real = SyntheticImages.Noise(48, 40, 3, seed: 3, low: 30, high: 220);
        Func<int, int, bool> leftHalf = (x, _) => x < 24;
        Image composite = SyntheticDataset.ShiftForeground(real, leftHalf, [12, 12, -12]);
        Image maskImage = SyntheticDataset.MaskImage(48, 40, leftHalf);
        EvaluationSample sample = Dataset.Add("Sized", "s", composite, maskImage, real);

        EvaluationResult bicubic = EvaluationRunner.Run(Baseline("composite"), Dataset.Samples, Path.Combine(Output, "bicubic"),
            new EvaluationOptions(Size: WorkingSize.Square(32), SaveImages: true));
        EvaluationResult bilinear = EvaluationRunner.Run(Baseline("composite"), Dataset.Samples, Path.Combine(Output, "bilinear"),
            new EvaluationOptions(Size: WorkingSize.Square(32), ImageFilter: ResamplingFilter.Bilinear));

        // Nearest sampling keeps exactly half of the 32 columns (source x = ⌊1.5x + 0.75⌋ < 24 ⇔ x ≤ 15).
        ImageRecord record = Assert.Single(bicubic.Records);
        Assert.Equal(0.5, record.ForegroundRatio);
        Image saved = ImageFile.Load(Path.Combine(Output, "bicubic", "images", "Sized", "s.png"));
        Assert.Equal((32, 32), (saved.Width, saved.Height));

        // The same numbers as scoring the 32×32 bicubic resizes directly.
        Image expectedPrediction = ImageResizer.Resize(composite, 32, 32, ResamplingFilter.Bicubic);
        Image expectedTarget = ImageResizer.Resize(real, 32, 32, ResamplingFilter.Bicubic);
        var expectedMask = ForegroundMask.FromBooleans(32, 32, Enumerable.Range(0, 32 * 32).Select(i => i % 32 < 16).ToArray());
        ImageScores expected = HarmonizationMetrics.Evaluate(expectedPrediction, expectedTarget, expectedMask);
        Assert.Equal(expected.Mse, record.Mse, 12);
        Assert.Equal(expected.Fmse, record.Fmse, 12);
        Assert.Equal(expected.Ssim, record.Ssim, 12);
        Assert.Equal(expectedPrediction.Pixels, saved.Pixels);

        // The filter option really is the one used.
        Assert.NotEqual(record.Mse, Assert.Single(bilinear.Records).Mse);
    }
}
