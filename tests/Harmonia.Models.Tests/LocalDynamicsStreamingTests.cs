using Harmonia.Models.Hdnet;
using Harmonia.Tensors;
using Harmonia.Tensors.Random;

namespace Harmonia.Models.Tests;

/// <summary>The streamed best-k matches of the Local Dynamic module equal the dense computation.</summary>
public class LocalDynamicsStreamingTests
{
    public static TheoryData<int, LdSimilarity, LdSupport, LdWeighting> Configs() => new()
    {
        { 1, LdSimilarity.Dot, LdSupport.AllPositions, LdWeighting.Code },
        { 3, LdSimilarity.Dot, LdSupport.AllPositions, LdWeighting.Code },
        { 3, LdSimilarity.Cosine, LdSupport.BackgroundOnly, LdWeighting.PerPosition },
        { 2, LdSimilarity.Dot, LdSupport.BackgroundOnly, LdWeighting.Code },
        { 1, LdSimilarity.Cosine, LdSupport.AllPositions, LdWeighting.PerPosition },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void StreamingMatchesDense(int k, LdSimilarity similarity, LdSupport support, LdWeighting weighting)
    {
        var config = new HdnetConfig { Ngf = 1, LdTopK = k, LdSimilarity = similarity, LdSupport = support, LdWeighting = weighting };
        var rng = new RandomGenerator(7);
        // 2 images, 16 channels, 24×20 positions: more support columns than one streaming block needs,
        // and a mask with both regions in each image.
        var x = Tensor.Zeros(2, 16, 24, 20);
        Init.Normal(x, rng);
        var mask = Tensor.Zeros(2, 1, 24, 20);
        for (int b = 0; b < 2; b++)
            for (int i = 0; i < 24 * 20; i++) mask.Data[b * 480 + i] = rng.NextDouble() < (b == 0 ? 0.3 : 0.7) ? 1f : 0f;

        var ld = new LocalDynamics(16, config);
        var m = mask.Reshape(2, 1, 480);
        var query = (x * mask).Reshape(2, 16, 480);
        var supportFeatures = (x * (1f - mask)).Reshape(2, 16, 480);

        Tensor denseScores; int[] denseIndex;
        using (Autograd.NoGrad()) (denseScores, denseIndex) = ld.MatchDense(query, supportFeatures, m);
        var (streamScores, streamIndex) = ld.MatchStreaming(query, supportFeatures, m);

        Assert.Equal(denseIndex, streamIndex);
        for (int i = 0; i < denseScores.Numel; i++)
            Assert.True(Math.Abs(denseScores.Data[i] - streamScores.Data[i]) <= 1e-4f * (1 + Math.Abs(denseScores.Data[i])), $"score {i}: {denseScores.Data[i]} vs {streamScores.Data[i]}");

        // The whole module: grad mode takes the dense path, no-grad mode the streaming one.
        var dense = ld.Forward(x, mask);
        Tensor streamed;
        using (Autograd.NoGrad()) streamed = ld.Forward(x, mask);
        for (int i = 0; i < dense.Numel; i++)
            Assert.True(Math.Abs(dense.Data[i] - streamed.Data[i]) <= 1e-4f * (1 + Math.Abs(dense.Data[i])), $"output {i}: {dense.Data[i]} vs {streamed.Data[i]}");
    }
}

/// <summary>HDNet's fused inference kernels compute what the composed, differentiable ops compute.</summary>
public class FusedInferenceTests
{
    private static (Tensor X, Tensor Mask) Inputs(int channels, int height, int width, ulong seed)
    {
        var rng = new RandomGenerator(seed);
        var x = Tensor.Zeros(2, channels, height, width);
        Init.Normal(x, rng, 0.3, 1.7);
        var mask = Tensor.Zeros(2, 1, height, width);
        for (int i = 0; i < mask.Numel; i++) mask.Data[i] = rng.NextDouble() < 0.35 ? 1f : 0f;
        return (x, mask);
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (int i = 0; i < expected.Numel; i++)
            Assert.True(Math.Abs(expected.Data[i] - actual.Data[i]) <= 1e-4f * (1 + Math.Abs(expected.Data[i])), $"element {i}: {expected.Data[i]} vs {actual.Data[i]}");
    }

    [Fact]
    public void FusedRainMatchesComposedRain()
    {
        var (x, mask) = Inputs(5, 12, 10, 3);
        var rain = new Rain(5);
        var rng = new RandomGenerator(4);
        foreach (var (_, p) in rain.NamedParameters()) Init.Normal(p, rng, 0, 0.3);
        var composed = rain.ComposedForward(x, mask);
        Tensor fused;
        using (Autograd.NoGrad()) fused = rain.Forward(x, mask);
        AssertClose(composed, fused);
    }

    [Fact]
    public void RainOpMatchesComposedRainInValueAndGradient()
    {
        var (x, mask) = Inputs(5, 12, 10, 7);
        x.RequiresGrad = true;
        var rain = new Rain(5);
        var rng = new RandomGenerator(8);
        foreach (var (_, p) in rain.NamedParameters()) Init.Normal(p, rng, 0, 0.3);
        var probe = Tensor.Zeros(2, 5, 12, 10);
        Init.Normal(probe, rng);

        Dictionary<string, float[]> Gradients(Func<Tensor> forward, out Tensor output)
        {
            x.Grad = null;
            rain.ZeroGrad();
            output = forward();
            Functional.Sum(output * probe).Backward();
            var grads = rain.NamedParameters().ToDictionary(p => p.Name, p => p.Tensor.Grad!.ToArray());
            grads["x"] = x.Grad!.ToArray();
            return grads;
        }

        var composedGrads = Gradients(() => rain.ComposedForward(x, mask), out var composed);
        var fusedGrads = Gradients(() => rain.Forward(x, mask), out var fused);
        AssertClose(composed, fused);
        foreach (var (name, expected) in composedGrads)
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - fusedGrads[name][i]) <= 1e-3f * (1 + Math.Abs(expected[i])), $"{name}[{i}]: {expected[i]} vs {fusedGrads[name][i]}");
    }

    [Theory]
    [InlineData(6, false)]  // scattered mask: every strip mixes both regions; 3000 pixels leave a partial strip
    [InlineData(5, true)]   // a rectangle: whole strips of one region, and an odd channel count
    [InlineData(7, true)]   // three rows past the last block of four
    [InlineData(8, false)]  // whole blocks of four rows
    public void FusedRegionPointwiseMatchesComposedBlock(int channels, bool rectangleMask)
    {
        var (composed, fused) = RegionPointwiseBlock(channels, rectangleMask);
        AssertClose(composed, fused);
    }

    /// <summary>Four rows on 512-bit vectors or two on 256-bit ones: the same multiply-adds per value, so the same bits.</summary>
    [Theory]
    [InlineData(7, true)]
    [InlineData(6, false)]
    public void FusedRegionPointwiseGivesTheSameBitsFourRowsOrTwoAtATime(int channels, bool rectangleMask)
    {
        bool wide = FusedInferenceKernels.WideRows;
        try
        {
            FusedInferenceKernels.WideRows = true;
            var (_, four) = RegionPointwiseBlock(channels, rectangleMask);
            FusedInferenceKernels.WideRows = false;
            var (_, two) = RegionPointwiseBlock(channels, rectangleMask);
            Assert.Equal(two.ToArray(), four.ToArray());
        }
        finally
        {
            FusedInferenceKernels.WideRows = wide;
        }
    }

    private static (Tensor Composed, Tensor Fused) RegionPointwiseBlock(int channels, bool rectangleMask)
    {
        var (x, mask) = Inputs(channels, 60, 50, 5);
        if (rectangleMask)
            for (int i = 0; i < mask.Numel; i++)
            {
                int row = i / 50 % 60, column = i % 50;
                mask.Data[i] = row is >= 10 and < 40 && column is >= 5 and < 45 ? 1f : 0f;
            }
        var block = new DRConv2d(channels);
        var rng = new RandomGenerator(6);
        foreach (var (_, p) in block.NamedParameters()) Init.Normal(p, rng, 0, 0.5);
        var composed = block.ComposedForward(x, mask);
        Tensor fused;
        using (Autograd.NoGrad()) fused = block.Forward(x, mask);
        return (composed, fused);
    }
}
