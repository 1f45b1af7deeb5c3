using Harmonia.Models.Phnet;
using Harmonia.Tensors;
using Harmonia.Tensors.Random;

namespace Harmonia.Models.Tests;

/// <summary>The fused inference form of PHNet's patch normalization equals the composed one it replaces.</summary>
public class PatchNormalizerKernelTests
{
    [Theory]
    [InlineData(1, 0.3)]   // PHNet's coarsest grid
    [InlineData(5, 0.5)]
    [InlineData(10, 0.7)]  // the finest: patches of 3×2 pixels, the last ones larger
    public void InferenceMatchesTheComposedExpression(int gridCount, double foregroundShare)
    {
        var rng = new RandomGenerator((ulong)(11 + gridCount));
        const int channels = 6, height = 32, width = 23;
        var block = new PatchNormalizer(channels, gridCount, [0.6f, 0.4f], 1f);
        // Learned values away from their initial ones, so every coefficient matters.
        foreach (var (_, parameter) in block.NamedParameters())
            for (int i = 0; i < parameter.Numel; i++) parameter.Data[i] += (float)(0.5 * rng.NextGaussian());
        var x = Tensor.Zeros(2, channels, height, width);
        Init.Normal(x, rng);
        var mask = Tensor.Zeros(2, 1, height, width);
        for (int i = 0; i < mask.Numel; i++) mask.Data[i] = rng.NextDouble() < foregroundShare ? 1f : 0f;

        var composed = block.ComposedForward(x, x, mask);
        Tensor fused;
        using (Autograd.NoGrad()) fused = block.Forward(x, x, mask);

        Assert.Equal(composed.Shape, fused.Shape);
        for (int i = 0; i < composed.Numel; i++)
            Assert.True(Math.Abs(composed.Data[i] - fused.Data[i]) <= 1e-5f * (1 + Math.Abs(composed.Data[i])), $"value {i}: {composed.Data[i]} vs {fused.Data[i]}");
    }

    [Fact]
    public void TheComparisonCanFail_AnotherGridWeightChangesTheOutput()
    {
        var rng = new RandomGenerator(3);
        var block = new PatchNormalizer(4, 5, [0.5f, 0.5f], 1f);
        var x = Tensor.Zeros(1, 4, 20, 20);
        Init.Normal(x, rng);
        var mask = Tensor.Zeros(1, 1, 20, 20);
        for (int i = 0; i < 200; i++) mask.Data[i] = 1f;
        Tensor before, after;
        using (Autograd.NoGrad())
        {
            before = block.Forward(x, x, mask);
            block.NamedParameters().Single(p => p.Name == "grid_weights").Tensor.Data[17] += 1f; // patch (3, 2) of channel 0, in the background
            after = block.Forward(x, x, mask);
        }
        Assert.NotEqual(before.Data, after.Data);
    }
}
