using Harmonia.Data.Synthesis;
using Harmonia.Imaging;
using Harmonia.Tensors.Random;

namespace Harmonia.Data.Tests.Synthesis;

public class LightingShiftTests
{
    private static (double R, double G, double B) ForegroundMean(Image image, Mask mask)
    {
        double r = 0, g = 0, b = 0;
        int n = 0;
        for (int p = 0; p < mask.Values.Length; p++)
        {
            if (mask.Values[p] == 0f) continue;
            r += image.Pixels[3 * p]; g += image.Pixels[3 * p + 1]; b += image.Pixels[3 * p + 2];
            n++;
        }
        return (r / n, g / n, b / n);
    }

    [Fact]
    public void The_identity_draw_leaves_the_photo_unchanged()
    {
        var photo = TestImages.Photo(20, 16, 3);
        var mask = Mask.FromImage(TestImages.RectangleMask(20, 16, 4, 4, 14, 12));
        Assert.Equal(photo.Pixels, LightingShift.Apply(photo, mask, LightingShift.Identity).Pixels);
    }

    [Fact]
    public void Only_the_foreground_changes()
    {
        var photo = TestImages.Photo(20, 16, 5);
        var mask = Mask.FromImage(TestImages.RectangleMask(20, 16, 4, 4, 14, 12));
        var composite = LightingShift.Apply(photo, mask, new LightingDraw(0.3, 0.1, 0.8, 1.3, 0.8, 1.2));
        Assert.True(TestImages.ForegroundPixelsChanged(photo, composite, mask) > mask.ForegroundPixelCount / 2);
    }

    [Fact]
    public void Warm_raises_red_against_blue_and_exposure_brightens()
    {
        var photo = TestImages.Photo(24, 24, 7);
        var mask = Mask.FromImage(TestImages.RectangleMask(24, 24, 0, 0, 24, 24));
        var before = ForegroundMean(photo, mask);
        var warm = ForegroundMean(LightingShift.Apply(photo, mask, LightingShift.Identity with { Temperature = 0.3 }), mask);
        var cool = ForegroundMean(LightingShift.Apply(photo, mask, LightingShift.Identity with { Temperature = -0.3 }), mask);
        var brighter = ForegroundMean(LightingShift.Apply(photo, mask, LightingShift.Identity with { Exposure = 0.5 }), mask);
        Assert.True(warm.R - warm.B > before.R - before.B + 5);
        Assert.True(cool.R - cool.B < before.R - before.B - 5);
        Assert.True(brighter.G > before.G + 5);
    }

    [Fact]
    public void Draws_are_centred_on_no_change_and_never_rotate_hue()
    {
        var random = new RandomGenerator(3);
        var draws = Enumerable.Range(0, 2000).Select(_ => LightingShift.Draw(random)).ToList();
        // Each part is drawn about 70% of the time, symmetric around the identity in log space.
        Assert.InRange(draws.Count(d => d.Temperature != 0) / 2000.0, 0.65, 0.75);
        Assert.InRange(draws.Average(d => d.Temperature), -0.02, 0.02);
        Assert.InRange(draws.Average(d => d.Tint), -0.01, 0.01);
        Assert.InRange(draws.Average(d => d.Exposure), -0.05, 0.05);
        Assert.InRange(draws.Average(d => Math.Log(d.Gamma)), -0.02, 0.02);
        Assert.All(draws, d =>
        {
            Assert.InRange(d.Temperature, -LightingShift.TemperatureRange, LightingShift.TemperatureRange);
            Assert.InRange(Math.Log(d.Saturation), LightingShift.LogSaturationLow, LightingShift.LogSaturationHigh);
        });
        var finishing = Enumerable.Range(0, 500).Select(_ => LightingShift.DrawFinishing(random)).ToList();
        Assert.All(finishing, d => { Assert.Equal(0, d.Tint); Assert.Equal(1, d.Contrast); Assert.Equal(1, d.Saturation); });
        Assert.InRange(finishing.Count(d => d.Exposure != 0) / 500.0, 0.4, 0.6);
    }

    [Fact]
    public void The_lighting_and_iharmony_recipes_plan_and_describe_their_draws()
    {
        var random = new RandomGenerator(11);
        var lighting = CompositePlanner.Plan(SynthesisRecipe.Lighting, random, 0, 3);
        Assert.Equal(SynthesisRecipe.Lighting, lighting.Recipe);
        Assert.NotNull(lighting.Lighting);
        Assert.Null(lighting.Transfer);
        var iharmony = CompositePlanner.Plan(SynthesisRecipe.Iharmony, random, 0, 3);
        Assert.NotNull(iharmony.Transfer);
        Assert.NotNull(iharmony.Lighting);
        Assert.Equal(SynthesisRecipe.Lighting, SynthesisRecipeNames.Parse("lighting"));
        Assert.Equal("iharmony", SynthesisRecipe.Iharmony.ToName());
        Assert.False(SynthesisRecipe.Lighting.UsesReferencePhotos());
        Assert.True(SynthesisRecipe.Iharmony.UsesReferencePhotos());
    }
}
