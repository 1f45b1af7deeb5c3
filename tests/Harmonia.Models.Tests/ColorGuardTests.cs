using Harmonia.Imaging.Color;
using Harmonia.Models;
using Harmonia.Tensors;

namespace Harmonia.Models.Tests;

public class ColorGuardTests
{
    private const int Size = 16, Plane = Size * Size;

    // A textured object of one base colour on the left half of the picture; the right half is background.
    private static (Tensor Composite, Tensor Mask) Scene(float r, float g, float b)
    {
        var random = new Random(3);
        var pixels = new float[3 * Plane];
        var mask = new float[Plane];
        for (int p = 0; p < Plane; p++)
        {
            bool inside = p % Size < Size / 2;
            mask[p] = inside ? 1f : 0f;
            float texture = 0.1f * (float)(random.NextDouble() - 0.5);
            pixels[p] = inside ? r + texture : 0.5f;
            pixels[Plane + p] = inside ? g + texture : 0.5f;
            pixels[2 * Plane + p] = inside ? b + texture : 0.5f;
        }
        return (Tensor.FromArray(pixels, 1, 3, Size, Size), Tensor.FromArray(mask, 1, 1, Size, Size));
    }

    private sealed class FixedOutput(Func<Tensor, Tensor> output) : IHarmonizer
    {
        public string Name => "fixed";
        public int SizeMultiple => 1;
        public Tensor Harmonize(Tensor composite, Tensor mask) => output(composite);
    }

    // The network's answer: every object pixel moved by the same per-channel gain and offset.
    private static IHarmonizer Recolours((float R, float G, float B) gain, (float R, float G, float B) offset) =>
        new FixedOutput(c =>
        {
            var data = (float[])c.Data.Clone();
            for (int p = 0; p < Plane; p++)
            {
                data[p] = data[p] * gain.R + offset.R;
                data[Plane + p] = data[Plane + p] * gain.G + offset.G;
                data[2 * Plane + p] = data[2 * Plane + p] * gain.B + offset.B;
            }
            return Tensor.FromArray(data, c.Shape);
        });

    // The network's answer: every object pixel pulled toward its grey (the mean of its channels), keeping `keep` of its colour.
    private static IHarmonizer Desaturates(float keep) =>
        new FixedOutput(c =>
        {
            var data = (float[])c.Data.Clone();
            for (int p = 0; p < Plane; p++)
            {
                float grey = (data[p] + data[Plane + p] + data[2 * Plane + p]) / 3;
                for (int k = 0; k < 3; k++) data[k * Plane + p] = grey + keep * (data[k * Plane + p] - grey);
            }
            return Tensor.FromArray(data, c.Shape);
        });

    // The network's answer: every object pixel's (a*, b*) turned by `degrees` and scaled by `chromaKept`.
    private static IHarmonizer TurnsInLab(double degrees, double chromaKept) =>
        new FixedOutput(c =>
        {
            var data = (float[])c.Data.Clone();
            double cos = Math.Cos(degrees * Math.PI / 180), sin = Math.Sin(degrees * Math.PI / 180);
            for (int p = 0; p < Plane; p++)
            {
                var (l, a, b) = CieLab.FromSrgb(data[p], data[Plane + p], data[2 * Plane + p]);
                var (r, g, bl) = CieLab.ToSrgb(l, (float)(chromaKept * (cos * a - sin * b)), (float)(chromaKept * (sin * a + cos * b)));
                data[p] = r; data[Plane + p] = g; data[2 * Plane + p] = bl;
            }
            return Tensor.FromArray(data, c.Shape);
        });

    private static (double L, double A, double B) MeanLab(Tensor image, Tensor mask)
    {
        double l = 0, a = 0, b = 0, n = 0;
        for (int p = 0; p < Plane; p++)
        {
            if (mask.Data[p] == 0) continue;
            var lab = CieLab.FromSrgb(image.Data[p], image.Data[Plane + p], image.Data[2 * Plane + p]);
            l += lab.L; a += lab.A; b += lab.B; n++;
        }
        return (l / n, a / n, b / n);
    }

    private static double Chroma((double L, double A, double B) lab) => Math.Sqrt(lab.A * lab.A + lab.B * lab.B);

    private static double HueShift((double L, double A, double B) before, (double L, double A, double B) after)
    {
        double shift = Math.Abs(Math.Atan2(after.B, after.A) - Math.Atan2(before.B, before.A)) * 180 / Math.PI;
        return shift > 180 ? 360 - shift : shift;
    }

    private static Tensor Run(IHarmonizer network, Tensor composite, Tensor mask, ColorGuard guard) =>
        new ColorMapHarmonizer(network, minimumChange: 0, guard).Harmonize(composite, mask);

    [Fact]
    public void Brick_turning_ochre_is_held_at_the_bound_and_keeps_its_direction()
    {
        var (composite, mask) = Scene(0.6f, 0.25f, 0.2f); // red brick
        var ochre = Recolours((1.05f, 1.6f, 0.7f), (0f, 0.02f, 0f));
        var before = MeanLab(composite, mask);
        double freeShift = HueShift(before, MeanLab(Run(ochre, composite, mask, ColorGuard.Off), mask));
        Assert.True(freeShift > 35, $"the unguarded map turns the hue by {freeShift:F1}°");

        var guarded = Run(ochre, composite, mask, ColorGuard.Default);
        double shift = HueShift(before, MeanLab(guarded, mask));
        // Held at the bound: not beyond it, and not further back than the bisection's resolution.
        Assert.InRange(shift, ColorGuard.Default.MaxHueShiftDegrees - 0.5, ColorGuard.Default.MaxHueShiftDegrees + 1e-6);
        // A chroma bound alone lets this map through: it keeps the brick's chroma.
        Assert.Equal(Run(ochre, composite, mask, ColorGuard.Off).Data, Run(ochre, composite, mask, new ColorGuard(180, 0.55)).Data);
        for (int p = 0; p < Plane; p++)
            if (mask.Data[p] == 0)
                for (int k = 0; k < 3; k++) Assert.Equal(composite.Data[k * Plane + p], guarded.Data[k * Plane + p]);
    }

    [Fact]
    public void A_pink_facade_greyed_by_the_network_keeps_the_guarded_share_of_its_chroma()
    {
        var (composite, mask) = Scene(0.75f, 0.55f, 0.6f); // pink
        var greying = Desaturates(0.3f);
        var before = MeanLab(composite, mask);
        double freeKept = Chroma(MeanLab(Run(greying, composite, mask, ColorGuard.Off), mask)) / Chroma(before);
        Assert.True(freeKept < ColorGuard.Default.MinChromaKept - 0.1, $"the unguarded map keeps {freeKept:P0} of the chroma");

        double kept = Chroma(MeanLab(Run(greying, composite, mask, ColorGuard.Default), mask)) / Chroma(before);
        Assert.InRange(kept, ColorGuard.Default.MinChromaKept - 1e-6, ColorGuard.Default.MinChromaKept + 0.02);
    }

    [Fact]
    public void A_dull_object_greyed_to_the_edge_of_having_no_hue_does_not_come_back_with_another()
    {
        var (composite, mask) = Scene(0.55f, 0.5f, 0.46f); // a dull warm beige, C* about 8
        var turned = TurnsInLab(degrees: 90, chromaKept: 0.6);
        var before = MeanLab(composite, mask);
        var free = MeanLab(Run(turned, composite, mask, ColorGuard.Off), mask);
        // Inside the chroma bound, below the chroma at which a colour counts as having a hue, and turned.
        Assert.InRange(Chroma(free) / Chroma(before), ColorGuard.Default.MinChromaKept, 1);
        Assert.True(Chroma(free) < ColorGuard.MinChroma, $"chroma after {Chroma(free):F2}");
        Assert.True(HueShift(before, free) > 60, $"the unguarded map turns the hue by {HueShift(before, free):F1}°");

        double shift = HueShift(before, MeanLab(Run(turned, composite, mask, ColorGuard.Default), mask));
        Assert.InRange(shift, 0, ColorGuard.Default.MaxHueShiftDegrees + 1e-6);
    }

    [Fact]
    public void A_change_inside_the_bound_and_a_grey_object_are_left_to_the_map()
    {
        var (red, redMask) = Scene(0.6f, 0.25f, 0.2f);
        var slightlyWarmer = Recolours((1.05f, 1.0f, 0.95f), (0.01f, 0f, 0f));
        Assert.Equal(Run(slightlyWarmer, red, redMask, ColorGuard.Off).Data, Run(slightlyWarmer, red, redMask, ColorGuard.Default).Data);

        // A grey object has no hue to keep: turning it blue is a white-balance question the guard leaves alone.
        var (grey, greyMask) = Scene(0.5f, 0.5f, 0.5f);
        Assert.True(Chroma(MeanLab(grey, greyMask)) < ColorGuard.MinChroma);
        var blue = Recolours((0.8f, 0.9f, 1.3f), (0f, 0f, 0f));
        Assert.Equal(Run(blue, grey, greyMask, ColorGuard.Off).Data, Run(blue, grey, greyMask, ColorGuard.Default).Data);
    }

    [Fact]
    public void The_soft_mask_path_applies_the_same_guard()
    {
        var (composite, mask) = Scene(0.6f, 0.25f, 0.2f);
        var ochre = Recolours((1.05f, 1.6f, 0.7f), (0f, 0.02f, 0f)).Harmonize(composite, mask);
        var projected = ColorMapHarmonizer.Project(composite, ochre, mask, 0, ColorGuard.Default).Data;
        var everywhere = ColorMapHarmonizer.MapEveryPixel(composite, ochre, mask, composite, 0, ColorGuard.Default).Data;
        var unguarded = ColorMapHarmonizer.MapEveryPixel(composite, ochre, mask, composite, 0, ColorGuard.Off).Data;
        bool anyDifference = false;
        for (int p = 0; p < Plane; p++)
        {
            if (mask.Data[p] == 0) continue;
            for (int k = 0; k < 3; k++)
            {
                Assert.Equal(projected[k * Plane + p], everywhere[k * Plane + p], 1e-6f);
                anyDifference |= Math.Abs(unguarded[k * Plane + p] - everywhere[k * Plane + p]) > 1e-3f;
            }
        }
        Assert.True(anyDifference);
    }

    [Theory]
    [InlineData("off", 180, 0)]
    [InlineData("OFF", 180, 0)]
    [InlineData("on", 25, 0.55)]
    [InlineData(" 30,0.5 ", 30, 0.5)]
    [InlineData("0,1", 0, 1)]
    public void Parses_the_spellings_of_the_option(string text, double degrees, double kept)
    {
        var guard = ColorGuard.Parse(text);
        Assert.Equal(new ColorGuard(degrees, kept), guard);
        Assert.Equal(guard, ColorGuard.Parse(guard.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yes")]
    [InlineData("20")]
    [InlineData("30,0.55,1")]
    [InlineData("200,0.5")]
    [InlineData("20,1.5")]
    [InlineData("-1,0.5")]
    [InlineData("NaN,0.5")]
    public void Refuses_what_is_not_a_guard(string text) =>
        Assert.Throws<FormatException>(() => ColorGuard.Parse(text));
}
