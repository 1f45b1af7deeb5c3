using Harmonia.NN;
using Harmonia.NN.Layers;
using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Models.Hdnet;

/// <summary>
/// HDNet's Local Dynamic (LD) module at the bottleneck: every foreground position finds its
/// most similar support positions, mixes their features into a reference vector, and a 1×1
/// convolution fuses [reference, own features]. Background features pass through unchanged.
/// </summary>
/// <remarks>
/// The default reproduces the authors' code: query = x·M and support = x·(1 − M) (so
/// foreground support vectors are zero), a plain dot-product similarity, top-k over all
/// positions, and the code's softmax, which runs over positions (see <see cref="LdWeighting.Code"/>).
/// </remarks>
public sealed class LocalDynamics : Module
{
    private readonly HdnetConfig config;

    /// <summary>Creates the module for <paramref name="channels"/> feature channels.</summary>
    public LocalDynamics(int channels, HdnetConfig config)
    {
        this.config = config;
        Fuse = RegisterModule("linear", new Conv1d(channels * 2, channels, 1));
    }

    /// <summary>The 1×1 fusion of [reference, query] (named <c>linear</c> in checkpoints).</summary>
    public Conv1d Fuse { get; }

    /// <summary>Refines the foreground of <paramref name="x"/> [N, C, H, W].</summary>
    public Tensor Forward(Tensor x, Tensor mask)
    {
        int batch = x.Shape[0], channels = x.Shape[1], height = x.Shape[2], width = x.Shape[3];
        int positions = height * width, k = config.LdTopK;
        if (k > positions) throw new ArgumentException($"LD top-k {k} exceeds the {positions} positions of a {height}×{width} bottleneck.");
        var m = MaskOps.ResizeNearest(mask, height, width);
        var query = (x * m).Reshape(batch, channels, positions);
        var support = (x * (1f - m)).Reshape(batch, channels, positions);

        // Training needs gradients through the scores, so it builds the P×P matrix; inference
        // streams it in blocks, which gives the same table in O(P·k) memory.
        var (topScores, topIndex) = Autograd.IsEnabled
            ? MatchDense(query, support, m.Reshape(batch, 1, positions))
            : MatchStreaming(query, support, m.Reshape(batch, 1, positions));      // [N, P, k]
        var reference = Mix(support, topScores, topIndex, batch, channels, positions);  // [N, C, P]

        var fused = Fuse.Forward(Cat([reference, query], 1)).Reshape(batch, channels, height, width);
        return fused * m + x * (1f - m);
    }

    /// <summary>
    /// The k best support positions of every query position and their scores, [N, P, k], from the
    /// full [N, P, P] score matrix. Differentiable.
    /// </summary>
    public (Tensor Scores, int[] Indices) MatchDense(Tensor query, Tensor support, Tensor mask)
        => TopK(Similarity(query, support, mask), config.LdTopK);

    /// <summary>The same table as <see cref="MatchDense"/>, computed block by block without the P×P matrix. Not differentiable.</summary>
    public (Tensor Scores, int[] Indices) MatchStreaming(Tensor query, Tensor support, Tensor mask)
    {
        int batch = query.Shape[0], channels = query.Shape[1], positions = query.Shape[2], k = config.LdTopK;
        Tensor q = query, s = support;
        if (config.LdSimilarity == LdSimilarity.Cosine)
        {
            using var _ = Autograd.NoGrad();
            q = L2Normalize(query);
            s = L2Normalize(support);
        }
        var values = new float[batch * positions * k];
        var indices = new int[batch * positions * k];
        for (int b = 0; b < batch; b++)
        {
            var isForeground = new bool[positions];
            for (int p = 0; p < positions; p++) isForeground[p] = mask.Data[b * positions + p] > 0.5f;
            var (imageValues, imageIndices) = StreamingTopK.Compute(
                q.Data.AsSpan(b * channels * positions, channels * positions),
                s.Data.AsSpan(b * channels * positions, channels * positions),
                channels, isForeground, k, config.LdSupport == LdSupport.BackgroundOnly);
            imageValues.CopyTo(values, b * positions * k);
            imageIndices.CopyTo(indices, b * positions * k);
        }
        return (Tensor.FromArray(values, batch, positions, k), indices);
    }

    /// <summary>Scores [N, P(query), P(support)].</summary>
    private Tensor Similarity(Tensor query, Tensor support, Tensor mask)
    {
        if (config.LdSimilarity == LdSimilarity.Cosine)
        {
            query = L2Normalize(query);
            support = L2Normalize(support);
        }
        var scores = BatchedMatMul(Transpose(query, 1, 2), support);
        if (config.LdSupport == LdSupport.BackgroundOnly)
        {
            // Foreground support positions can never be chosen: push their scores to −∞ (finite, so softmax stays defined).
            scores = scores + mask * -1e30f;
        }
        return scores;
    }

    private static Tensor L2Normalize(Tensor v)
        => v / Clamp(Sqrt(Sum(Pow(v, 2), [1], keepDim: true)), min: 1e-12f);

    /// <summary>The weighted sum of the chosen support vectors for every query position.</summary>
    private Tensor Mix(Tensor support, Tensor topScores, int[] topIndex, int batch, int channels, int positions)
    {
        int k = config.LdTopK;
        if (!Autograd.IsEnabled) return MixInPlace(support, topScores, topIndex, batch, channels, positions);
        // Gather needs the index repeated for every channel: [N, C, P·k], query-major, k-minor.
        var index = new int[batch * channels * positions * k];
        for (int b = 0; b < batch; b++)
            for (int c = 0; c < channels; c++)
                Array.Copy(topIndex, b * positions * k, index, (b * channels + c) * positions * k, positions * k);
        var chosen = Gather(support, 2, index, [batch, channels, positions * k]);

        if (config.LdWeighting == LdWeighting.Code)
        {
            // The authors view the query-major [P, k] block as [k, P] and soft-max over its last
            // axis. For k = 1 this is a softmax of the best scores over all positions.
            var weights = Softmax(topScores.Reshape(batch, 1, k, positions), -1);
            return Sum(weights * chosen.Reshape(batch, channels, k, positions), [2]);
        }
        var perPosition = Softmax(topScores, -1).Reshape(batch, 1, positions, k);
        return Sum(perPosition * chosen.Reshape(batch, channels, positions, k), [3]);
    }

    /// <summary>
    /// <see cref="Mix"/> for inference: the same weights and the same weighted sums, read from the support
    /// planes through the best-k table directly, without the index repeated for every channel or the
    /// gathered [N, C, P·k] tensor (at 1024² each is megabytes, on every pass).
    /// </summary>
    private Tensor MixInPlace(Tensor support, Tensor topScores, int[] topIndex, int batch, int channels, int positions)
    {
        int k = config.LdTopK;
        bool code = config.LdWeighting == LdWeighting.Code;
        // Code: the [P, k] table read as [k, P], weights [N, 1, k, P]; per position: weights [N, 1, P, k] (see Mix).
        using var weights = code ? Softmax(topScores.Reshape(batch, 1, k, positions), -1) : Softmax(topScores, -1);
        var result = Tensor.Empty(batch, channels, positions);
        float[] w = weights.Data, from = support.Data, to = result.Data;
        Harmonia.Tensors.Threading.ParallelRange.For(batch * channels, 1, (start, end) =>
        {
            for (int plane = start; plane < end; plane++)
            {
                int b = plane / channels;
                var source = from.AsSpan(plane * positions, positions);
                var table = topIndex.AsSpan(b * positions * k, positions * k);
                var weightsOfImage = w.AsSpan(b * positions * k, positions * k);
                for (int x = 0; x < positions; x++)
                {
                    float sum = 0;
                    for (int a = 0; a < k; a++)
                    {
                        int entry = code ? a * positions + x : x * k + a;
                        sum += weightsOfImage[entry] * source[table[entry]];
                    }
                    to[plane * positions + x] = sum;
                }
            }
        });
        return result;
    }
}
