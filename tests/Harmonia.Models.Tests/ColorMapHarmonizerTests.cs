using Harmonia.Models;
using Harmonia.Tensors;

namespace Harmonia.Models.Tests;

public class ColorMapHarmonizerTests
{
    private const int Size = 16;

    // A composite with varied colours and a mask covering the left half.
    private static (Tensor Composite, Tensor Mask) Scene()
    {
        var random = new Random(5);
        var pixels = new float[3 * Size * Size];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = 0.1f + 0.8f * (float)random.NextDouble();
        var mask = new float[Size * Size];
        for (int p = 0; p < mask.Length; p++) mask[p] = p % Size < Size / 2 ? 1f : 0f;
        return (Tensor.FromArray(pixels, 1, 3, Size, Size), Tensor.FromArray(mask, 1, 1, Size, Size));
    }

    private sealed class FixedOutput(Func<Tensor, Tensor> output) : IHarmonizer
    {
        public string Name => "fixed";
        public int SizeMultiple => 1;
        public Tensor Harmonize(Tensor composite, Tensor mask) => output(composite);
    }

    private static float[] Affine(float[] c, Func<float, float, float, (float, float, float)> map)
    {
        int plane = Size * Size;
        var result = (float[])c.Clone();
        for (int p = 0; p < plane; p++)
        {
            var (r, g, b) = map(c[p], c[plane + p], c[2 * plane + p]);
            result[p] = r; result[plane + p] = g; result[2 * plane + p] = b;
        }
        return result;
    }

    [Fact]
    public void An_affine_colour_change_of_the_object_is_reproduced_and_the_background_kept()
    {
        var (composite, mask) = Scene();
        static (float, float, float) Warm(float r, float g, float b) => (0.9f * r + 0.1f * g + 0.05f, 0.95f * g, 0.8f * b - 0.02f + 0.05f * r);
        var target = Affine(composite.Data, Warm);
        var inner = new FixedOutput(c => Tensor.FromArray(target, c.Shape));
        var result = new ColorMapHarmonizer(inner, minimumChange: 0, ColorGuard.Off).Harmonize(composite, mask).Data;
        for (int p = 0; p < Size * Size; p++)
            for (int k = 0; k < 3; k++)
            {
                int i = k * Size * Size + p;
                float expected = mask.Data[p] == 1f ? target[i] : composite.Data[i];
                Assert.Equal(expected, result[i], 1e-3f);
            }
    }

    [Fact]
    public void Per_pixel_noise_in_the_network_output_does_not_reach_the_picture()
    {
        var (composite, mask) = Scene();
        var random = new Random(9);
        // The "network" returns the composite plus strong per-pixel noise: a texture, no colour change.
        var noisy = composite.Data.Select(v => v + 0.2f * (float)(random.NextDouble() - 0.5)).ToArray();
        var result = new ColorMapHarmonizer(new FixedOutput(c => Tensor.FromArray(noisy, c.Shape))).Harmonize(composite, mask).Data;
        double noiseError = 0, projectedError = 0;
        for (int i = 0; i < result.Length; i++)
        {
            if (mask.Data[i % (Size * Size)] == 0f) continue;
            noiseError += Math.Pow(noisy[i] - composite.Data[i], 2);
            projectedError += Math.Pow(result[i] - composite.Data[i], 2);
        }
        Assert.True(projectedError < noiseError / 10, $"projected {projectedError:F4} vs noise {noiseError:F4}");
    }

    [Fact]
    public void Identity_stays_identity_and_an_empty_mask_changes_nothing()
    {
        var (composite, mask) = Scene();
        var same = new ColorMapHarmonizer(new FixedOutput(c => c.Clone())).Harmonize(composite, mask).Data;
        for (int i = 0; i < same.Length; i++) Assert.Equal(composite.Data[i], same[i], 1e-4f);

        var empty = Tensor.Zeros(1, 1, Size, Size);
        var shifted = composite.Data.Select(v => v * 0.5f).ToArray();
        var untouched = new ColorMapHarmonizer(new FixedOutput(c => Tensor.FromArray(shifted, c.Shape))).Harmonize(composite, empty).Data;
        Assert.Equal(composite.Data, untouched);
    }

    // Root mean square of (result − composite) over the masked pixels and channels, in 8-bit levels.
    private static double ChangeLevels(float[] result, Tensor composite, Tensor mask)
    {
        double sum = 0; int count = 0;
        for (int i = 0; i < result.Length; i++)
        {
            if (mask.Data[i % (Size * Size)] == 0f) continue;
            sum += Math.Pow(255.0 * (result[i] - composite.Data[i]), 2);
            count++;
        }
        return Math.Sqrt(sum / count);
    }

    [Fact]
    public void A_change_below_the_minimum_is_dropped_and_a_larger_one_is_scaled_by_the_garrote()
    {
        var (composite, mask) = Scene();
        // A uniform shift of 3 levels on red only: RMS over the three channels is 3/√3 = √3 ≈ 1.73 levels.
        var small = Affine(composite.Data, (r, g, b) => (r + 3f / 255, g, b));
        var kept = new ColorMapHarmonizer(new FixedOutput(c => Tensor.FromArray(small, c.Shape)), minimumChange: 2, ColorGuard.Off).Harmonize(composite, mask).Data;
        for (int i = 0; i < kept.Length; i++) Assert.Equal(composite.Data[i], kept[i], 1e-6f);
        var noMinimum = new ColorMapHarmonizer(new FixedOutput(c => Tensor.FromArray(small, c.Shape)), minimumChange: 0, ColorGuard.Off).Harmonize(composite, mask).Data;
        Assert.Equal(Math.Sqrt(3), ChangeLevels(noMinimum, composite, mask), 0.01);

        // A warm cast of about 12 levels keeps its direction, scaled by 1 − (4 / size)².
        static (float, float, float) Warm(float r, float g, float b) => (0.9f * r + 0.1f, g + 0.02f, 0.85f * b);
        var warm = Affine(composite.Data, Warm);
        var full = new ColorMapHarmonizer(new FixedOutput(c => Tensor.FromArray(warm, c.Shape)), minimumChange: 0, ColorGuard.Off).Harmonize(composite, mask).Data;
        var shrunk = new ColorMapHarmonizer(new FixedOutput(c => Tensor.FromArray(warm, c.Shape)), minimumChange: 4, ColorGuard.Off).Harmonize(composite, mask).Data;
        double fullSize = ChangeLevels(full, composite, mask), shrunkSize = ChangeLevels(shrunk, composite, mask);
        Assert.InRange(fullSize, 8, 20);
        Assert.Equal(fullSize * (1 - 16 / (fullSize * fullSize)), shrunkSize, 0.05);
        double scale = shrunkSize / fullSize;
        for (int i = 0; i < shrunk.Length; i++)
        {
            if (mask.Data[i % (Size * Size)] == 0f) { Assert.Equal(composite.Data[i], shrunk[i]); continue; }
            Assert.Equal(composite.Data[i] + scale * (full[i] - composite.Data[i]), shrunk[i], 1e-4f);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new ColorMapHarmonizer(new FixedOutput(c => c), minimumChange: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ColorMapHarmonizer(new FixedOutput(c => c), minimumChange: double.NaN));
    }

    [Fact]
    public void The_soft_mask_path_applies_the_same_minimum()
    {
        var (composite, mask) = Scene();
        static (float, float, float) Warm(float r, float g, float b) => (0.9f * r + 0.1f, g + 0.02f, 0.85f * b);
        var warm = Tensor.FromArray(Affine(composite.Data, Warm), composite.Shape);
        var projected = ColorMapHarmonizer.Project(composite, warm, mask, minimumChange: 4, ColorGuard.Off).Data;
        var everywhere = ColorMapHarmonizer.MapEveryPixel(composite, warm, mask, composite, minimumChange: 4, ColorGuard.Off).Data;
        for (int i = 0; i < projected.Length; i++)
            if (mask.Data[i % (Size * Size)] == 1f) Assert.Equal(projected[i], everywhere[i], 1e-6f);
        var unshrunk = ColorMapHarmonizer.MapEveryPixel(composite, warm, mask, composite, minimumChange: 0, ColorGuard.Off).Data;
        double size = ChangeLevels(unshrunk, composite, mask);
        Assert.Equal(size - 16 / size, ChangeLevels(everywhere, composite, mask), 0.05);
    }

    [Fact]
    public void Wrapping_depends_on_the_mode_and_keeps_the_network_recognizable()
    {
        var baseline = ModelCatalog.Load("reinhard", configJson: null, weightsPath: null, bundledModelsDirectory: "");
        Assert.Same(baseline, HarmonizerOutput.Apply(baseline, OutputMode.ColorMap));
        Assert.False(HarmonizerOutput.IsNetwork(baseline));
        Assert.Equal("the baseline's own", HarmonizerOutput.Describe(baseline));
        Assert.Equal("colour map, minimum change 4.5 levels, colour guard 25,0.55",
            HarmonizerOutput.Describe(new ColorMapHarmonizer(new FixedOutput(c => c), minimumChange: 4.5)));
        Assert.Equal("colour map, minimum change 6 levels, colour guard off",
            HarmonizerOutput.Describe(new ColorMapHarmonizer(new FixedOutput(c => c), colorGuard: ColorGuard.Off)));
        Assert.Equal(OutputMode.Dense, OutputModeNames.Parse("dense"));
        Assert.Equal(OutputMode.ColorMap, OutputModeNames.Parse("color-map"));
        Assert.Throws<ArgumentException>(() => OutputModeNames.Parse("sparse"));
    }
}
