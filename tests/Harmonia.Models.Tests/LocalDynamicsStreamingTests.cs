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
