using Harmonia.Data.Synthesis;
using Harmonia.Imaging;

namespace Harmonia.Data.Tests.Synthesis;

/// <summary>Each colour op against the float32 torch re-implementation of torchvision's uint8 op.</summary>
public class ColorOpReferenceTests
{
    private static ColorReferenceFixture Fixture => ColorReferenceFixture.Instance;

    private static void AssertMatches(byte[] expected, Image actual, string label)
    {
        Assert.Equal(expected.Length, actual.Pixels.Length);
        var differing = Enumerable.Range(0, expected.Length).Where(i => expected[i] != actual.Pixels[i]).ToList();
        Assert.True(differing.Count == 0,
            $"{label}: {differing.Count} value(s) differ, first at {differing.FirstOrDefault()}: expected {expected[differing.FirstOrDefault()]}, got {actual.Pixels[differing.FirstOrDefault()]}");
    }

    [Fact]
    public void Brightness_contrast_and_saturation_match_exactly()
    {
        int cases = 0;
        foreach (var (p, expected) in Fixture.Cases("brightness"))
        { AssertMatches(expected, ColorAdjustments.AdjustBrightness(Fixture.Image, p.GetProperty("factor").GetDouble()), $"brightness {p}"); cases++; }
        foreach (var (p, expected) in Fixture.Cases("contrast"))
        { AssertMatches(expected, ColorAdjustments.AdjustContrast(Fixture.Image, p.GetProperty("factor").GetDouble()), $"contrast {p}"); cases++; }
        foreach (var (p, expected) in Fixture.Cases("contrast_region"))
        { AssertMatches(expected, ColorAdjustments.AdjustContrast(Fixture.Image, p.GetProperty("factor").GetDouble(), Fixture.Region), $"contrast_region {p}"); cases++; }
        foreach (var (p, expected) in Fixture.Cases("saturation"))
        { AssertMatches(expected, ColorAdjustments.AdjustSaturation(Fixture.Image, p.GetProperty("factor").GetDouble()), $"saturation {p}"); cases++; }
        Assert.Equal(3 + 2 + 2 + 4, cases);
    }

    [Fact]
    public void Hue_matches_exactly()
    {
        var cases = Fixture.Cases("hue").ToList();
        Assert.Equal(5, cases.Count);
        foreach (var (p, expected) in cases)
            AssertMatches(expected, HueAdjustment.AdjustHue(Fixture.Image, p.GetProperty("factor").GetDouble()), $"hue {p}");
    }

    [Fact]
    public void Posterize_sharpness_and_autocontrast_match_exactly()
    {
        foreach (var (p, expected) in Fixture.Cases("posterize"))
            AssertMatches(expected, ToneAdjustments.Posterize(Fixture.Image, p.GetProperty("bits").GetInt32()), $"posterize {p}");
        foreach (var (p, expected) in Fixture.Cases("sharpness"))
            AssertMatches(expected, ToneAdjustments.AdjustSharpness(Fixture.Image, p.GetProperty("factor").GetDouble()), $"sharpness {p}");
        AssertMatches(Fixture.Cases("autocontrast").Single().Expected, ToneAdjustments.Autocontrast(Fixture.Image), "autocontrast");
        AssertMatches(Fixture.Cases("autocontrast_region").Single().Expected, ToneAdjustments.Autocontrast(Fixture.Image, Fixture.Region), "autocontrast_region");
    }

    [Fact]
    public void The_ffhqh_pipeline_applies_the_ops_in_the_drawn_order()
    {
        var cases = Fixture.Cases("ffhqh_pipeline_region").ToList();
        Assert.Equal(2, cases.Count);
        foreach (var (p, expected) in cases)
        {
            var draw = new FfhqhRecipeDraw(
                p.GetProperty("order").EnumerateArray().Select(v => v.GetInt32()).ToArray(),
                p.GetProperty("b").GetDouble(), p.GetProperty("c").GetDouble(), p.GetProperty("s").GetDouble(), p.GetProperty("h").GetDouble(),
                p.GetProperty("posterize").GetBoolean(), p.GetProperty("sharpen").GetBoolean(), p.GetProperty("autocontrast").GetBoolean());
            AssertMatches(expected, FfhqhRecipe.Render(Fixture.Image, Fixture.Region, draw), $"pipeline {p}");
        }
    }

    [Fact]
    public void Colour_transfers_match_the_float64_references_within_one_level()
    {
        var target = ColorStatistics.Measure(Fixture.Target, Fixture.TargetRegion);
        var regionPixels = Enumerable.Range(0, Fixture.Region.Values.Length).Where(p => Fixture.Region.Values[p] == 1f).ToArray();
        int cases = 0;
        foreach (var (method, strength, expected) in Fixture.Transfers())
        {
            var kind = method switch
            {
                "reinhard_lab" => ColorTransferMethod.ReinhardLab,
                "rgb_covariance" => ColorTransferMethod.RgbCovariance,
                _ => ColorTransferMethod.HistogramMatching,
            };
            var result = ColorTransfer.Apply(Fixture.Image, Fixture.Region, target, kind, strength);
            var actual = regionPixels.SelectMany(p => new[] { result.Pixels[3 * p], result.Pixels[3 * p + 1], result.Pixels[3 * p + 2] }).ToArray();
            int worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
            Assert.True(worst <= (kind == ColorTransferMethod.HistogramMatching ? 0 : 1), $"{method} at {strength}: off by up to {worst}");
            // Outside the region nothing changes.
            for (int p = 0; p < Fixture.Region.Values.Length; p++)
                if (Fixture.Region.Values[p] == 0f)
                    Assert.Equal(Fixture.Image.Pixels.AsSpan(3 * p, 3).ToArray(), result.Pixels.AsSpan(3 * p, 3).ToArray());
            cases++;
        }
        Assert.Equal(6, cases);
    }
}
