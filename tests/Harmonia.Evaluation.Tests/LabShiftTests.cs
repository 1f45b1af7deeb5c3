using System.Text.Json;
using Harmonia.Evaluation.Metrics;
using Harmonia.Evaluation.Reports;
using Harmonia.Imaging.Color;
using Harmonia.Imaging;

namespace Harmonia.Evaluation.Tests;

public class LabShiftTests
{
    private static Image Solid(int width, int height, byte r, byte g, byte b) =>
        SyntheticImages.FromFunction(width, height, 3, (_, _, c) => c == 0 ? r : c == 1 ? g : b);

    [Fact]
    public void Identical_images_have_no_shift_and_an_empty_mask_has_none_measured()
    {
        var image = SyntheticImages.Noise(8, 6, 3, seed: 4);
        var half = ForegroundMask.FromBooleans(8, 6, Enumerable.Range(0, 48).Select(p => p % 8 < 4).ToArray());
        var shift = ForegroundLabShift.Measure(image, image, half)!;
        Assert.Equal(0, shift.DeltaL);
        Assert.Equal(0, shift.DeltaA);
        Assert.Equal(0, shift.DeltaB);
        Assert.Null(ForegroundLabShift.Measure(image, image, ForegroundMask.FromBooleans(8, 6, new bool[48])));
    }

    [Fact]
    public void A_redder_object_has_positive_a_and_only_the_foreground_counts()
    {
        var real = Solid(4, 4, 120, 120, 120);
        // Foreground (left half) turned red; the background turned blue, which must not count.
        var harmonized = SyntheticImages.FromFunction(4, 4, 3, (x, _, c) => x < 2 ? (c == 0 ? 200 : 100) : (c == 2 ? 250 : 0));
        var mask = ForegroundMask.FromBooleans(4, 4, Enumerable.Range(0, 16).Select(p => p % 4 < 2).ToArray());
        var shift = ForegroundLabShift.Measure(harmonized, real, mask)!;
        var (lh, ah, bh) = CieLab.FromSrgb(200 / 255f, 100 / 255f, 100 / 255f);
        var (lr, ar, br) = CieLab.FromSrgb(120 / 255f, 120 / 255f, 120 / 255f);
        Assert.Equal(lh - lr, shift.DeltaL, 1e-4);
        Assert.Equal(ah - ar, shift.DeltaA, 1e-4);
        Assert.Equal(bh - br, shift.DeltaB, 1e-4);
        Assert.True(shift.DeltaA > 20);
    }

    [Fact]
    public void The_summary_gives_medians_means_and_large_shift_shares()
    {
        var summary = LabShiftSummary.Of(
        [
            new ForegroundLabShift(1, -3, 0.5), new ForegroundLabShift(2, -1, 0.1),
            new ForegroundLabShift(3, 0, 4), new ForegroundLabShift(10, 2.5, 0.2),
        ])!;
        Assert.Equal(4, summary.Count);
        Assert.Equal(2.5, summary.Median.DeltaL);
        Assert.Equal(-0.5, summary.Median.DeltaA);
        Assert.Equal(0.35, summary.Median.DeltaB, 1e-12);
        Assert.Equal(4, summary.Mean.DeltaL);
        Assert.Equal(0.5, summary.LargeAShare);   // -3 and 2.5
        Assert.Equal(0.25, summary.LargeBShare);  // 4
        Assert.Null(LabShiftSummary.Of([]));
    }

    [Fact]
    public void Reports_carry_the_shift_when_records_have_one()
    {
        var records = new[]
        {
            new ImageRecord("S", "a", 0.2, 1, 2, 40, 30, 0.9) { LabShift = new ForegroundLabShift(0.5, -2.5, 1) },
            new ImageRecord("S", "b", 0.2, 1, 2, 40, 30, 0.9) { LabShift = new ForegroundLabShift(1.5, -0.5, 3) },
        };
        var summary = EvaluationAggregator.Summarize(records);
        Assert.Equal(-1.5, summary.LabShift!.Median.DeltaA);

        using var doc = JsonDocument.Parse(SummaryJsonWriter.Serialize(summary));
        var shift = doc.RootElement.GetProperty("labShift");
        Assert.Equal(2, shift.GetProperty("count").GetInt32());
        Assert.Equal(2.0, shift.GetProperty("median").GetProperty("db").GetDouble());
        Assert.Equal(0.5, shift.GetProperty("largeAShare").GetDouble());

        string markdown = MarkdownReportWriter.Render(summary);
        Assert.Contains("## Colour shift of the object", markdown);
        Assert.Contains("| Median | 1.00 | -1.50 | 2.00 |", markdown);

        string csv = PerImageCsvWriter.Render(records);
        Assert.EndsWith(",0.5,-2.5,1\r\n" + "S,b,0.2,1,2,40,30,0.9,1.5,-0.5,3\r\n", csv);

        // Without measured shifts the section and the JSON member are absent.
        var plain = EvaluationAggregator.Summarize([new ImageRecord("S", "c", 0.2, 1, 2, 40, 30, 0.9)]);
        Assert.Null(plain.LabShift);
        Assert.DoesNotContain("labShift", SummaryJsonWriter.Serialize(plain));
        Assert.DoesNotContain("Colour shift", MarkdownReportWriter.Render(plain));
    }
}
