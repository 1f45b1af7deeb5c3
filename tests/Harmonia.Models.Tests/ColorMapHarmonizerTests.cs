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
        var result = new ColorMapHarmonizer(inner).Harmonize(composite, mask).Data;
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

    [Fact]
    public void Wrapping_depends_on_the_mode_and_keeps_the_network_recognizable()
    {
        var baseline = ModelCatalog.Load("reinhard", configJson: null, weightsPath: null, bundledModelsDirectory: "");
        Assert.Same(baseline, HarmonizerOutput.Apply(baseline, OutputMode.ColorMap));
        Assert.False(HarmonizerOutput.IsNetwork(baseline));
        Assert.Equal(OutputMode.Dense, OutputModeNames.Parse("dense"));
        Assert.Equal(OutputMode.ColorMap, OutputModeNames.Parse("color-map"));
        Assert.Throws<ArgumentException>(() => OutputModeNames.Parse("sparse"));
    }
}
