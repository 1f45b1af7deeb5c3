using System.Buffers;
using System.Runtime.Intrinsics;
using Harmonia.Tensors;
using Harmonia.Tensors.Kernels;
using Harmonia.Tensors.Threading;

namespace Harmonia.Models.Hdnet;

/// <summary>
/// The Local Dynamic module's best-k matches computed without the P×P similarity matrix, for
/// inference at high resolution (at 2048² the bottleneck has 65,536 positions and the dense
/// matrix would take 17 GB). It gives the same table as the dense computation:
/// <list type="bullet">
/// <item>A background query is the zero vector, so all its scores are exactly 0: its best are the
/// first k allowed positions, with score 0.</item>
/// <item>A foreground support column is the zero vector, so it scores exactly 0 against every query:
/// among them only the first k positions can ever be chosen.</item>
/// <item>Only foreground queries × background supports need real dot products; they are computed by
/// GEMM in blocks and merged into a running best-k per query.</item>
/// </list>
/// Ties are broken toward the lower position, exactly as the dense top-k does.
/// </summary>
public static class StreamingTopK
{
    private const int QueryBlock = 256;
    private const int SupportBlock = 4096;

    /// <summary>
    /// For one image: <paramref name="query"/> and <paramref name="support"/> are [C, P] (already
    /// masked, and L2-normalised per column for cosine similarity); <paramref name="isForeground"/>
    /// marks the P positions. Returns the scores and positions of the best k, [P, k] each.
    /// </summary>
    public static (float[] Values, int[] Indices) Compute(ReadOnlySpan<float> query, ReadOnlySpan<float> support, int channels, bool[] isForeground, int k, bool backgroundOnly)
    {
        int positions = isForeground.Length;
        var values = new float[positions * k];
        var indices = new int[positions * k];
        var fg = Enumerable.Range(0, positions).Where(p => isForeground[p]).ToArray();
        var bg = Enumerable.Range(0, positions).Where(p => !isForeground[p]).ToArray();

        // Zero-score candidates every query sees, in position order: foreground supports (all
        // positions mode) score 0; the background ones only enter through the GEMM below.
        var zeroCandidates = backgroundOnly ? [] : fg.Take(k).ToArray();

        // Background queries: every allowed score is 0, so the first k allowed positions win.
        var allowedInOrder = backgroundOnly ? bg : Enumerable.Range(0, positions).ToArray();
        foreach (var p in bg)
        {
            for (int j = 0; j < k; j++)
            {
                // With fewer than k allowed positions the dense version would pick the −∞ (−1e30) scored ones.
                values[p * k + j] = j < allowedInOrder.Length ? 0f : -1e30f;
                indices[p * k + j] = j < allowedInOrder.Length ? allowedInOrder[j] : DisallowedFill(j - allowedInOrder.Length, fg);
            }
        }
        if (fg.Length == 0) return (values, indices);

        // Both from the shared pool, as the scores below: at 1024² each is megabytes, on every pass.
        float[] queryColumns = Columns(query, channels, positions, fg);      // [C, F]
        float[] supportColumns = Columns(support, channels, positions, bg);  // [C, G]
        // Blocks of at most QueryBlock queries, but at least 16 of them when there are enough queries,
        // so that both cores have work at the bottleneck of a 256² image (a few hundred queries).
        int queryBlock = Math.Clamp((fg.Length + 15) / 16, 16, QueryBlock);
        int supportBlock = Math.Min(SupportBlock, bg.Length);
        ParallelRange.For(fg.Length, queryBlock, (q0, q1) =>
        {
            int rows = q1 - q0;
            // Up to 4 MiB per block of queries: from the shared pool, since fresh pages for every block
            // (dozens per pass at 1024²) cost more in page faults than the scores' own GEMM.
            float[] scores = ArrayPool<float>.Shared.Rent(rows * supportBlock);
            var best = new BestK[rows];
            for (int r = 0; r < rows; r++)
            {
                best[r] = new BestK(k);
                foreach (var z in zeroCandidates) best[r].Offer(0f, z);
            }
            for (int s0 = 0; s0 < bg.Length; s0 += supportBlock)
            {
                int cols = Math.Min(supportBlock, bg.Length - s0);
                // scores[r, c] = Σ_ch query[ch, q0 + r] · support[ch, s0 + c]
                FlopCounter.AddMultiplyAdds((long)rows * cols * channels);
                Sgemm.Multiply(true, false, rows, cols, channels, queryColumns, q0, fg.Length, supportColumns, s0, bg.Length, scores, 0, cols, accumulate: false);
                for (int r = 0; r < rows; r++) best[r].OfferAll(scores.AsSpan(r * cols, cols), bg.AsSpan(s0, cols));
            }
            for (int r = 0; r < rows; r++)
            {
                int p = fg[q0 + r];
                // Background-only mode with fewer than k background positions: the dense version fills with −∞ (−1e30) foreground ones.
                best[r].FillMissing(j => (-1e30f, DisallowedFill(j, fg)));
                best[r].CopyTo(values.AsSpan(p * k, k), indices.AsSpan(p * k, k));
            }
            ArrayPool<float>.Shared.Return(scores);
        });
        ArrayPool<float>.Shared.Return(queryColumns);
        ArrayPool<float>.Shared.Return(supportColumns);
        return (values, indices);
    }

    private static int DisallowedFill(int j, int[] fg) => fg[Math.Min(j, fg.Length - 1)];

    /// <summary>The chosen columns of a [C, P] matrix, [C, chosen], in an array rented from the shared pool.</summary>
    private static float[] Columns(ReadOnlySpan<float> matrix, int channels, int positions, int[] chosen)
    {
        var result = ArrayPool<float>.Shared.Rent(channels * chosen.Length);
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < chosen.Length; i++) result[c * chosen.Length + i] = matrix[c * positions + chosen[i]];
        return result;
    }

    /// <summary>The k best (score, position) pairs seen so far: higher score first, lower position first on ties.</summary>
    private sealed class BestK(int k)
    {
        private readonly float[] scores = new float[k];
        private readonly int[] positions = new int[k];
        private int count;

        public void Offer(float score, int position)
        {
            if (count == k && !Better(score, position, scores[k - 1], positions[k - 1])) return;
            int i = count < k ? count++ : k - 1;
            while (i > 0 && Better(score, position, scores[i - 1], positions[i - 1]))
            {
                scores[i] = scores[i - 1];
                positions[i] = positions[i - 1];
                i--;
            }
            scores[i] = score;
            positions[i] = position;
        }

        /// <summary>
        /// <see cref="Offer"/> for each pair in turn, skipping 16 at a time those scoring below the
        /// k-th best so far: they could not enter, and most scores of a long row are such. (A NaN is
        /// never below, so it is offered, as are ties, whose position decides.)
        /// </summary>
        public void OfferAll(ReadOnlySpan<float> rowScores, ReadOnlySpan<int> rowPositions)
        {
            const int lanes = 16;
            int i = 0;
            for (; i + lanes <= rowScores.Length; i += lanes)
            {
                var chunk = rowScores.Slice(i, lanes);
                if (count == k && AllBelow(chunk, scores[k - 1])) continue;
                for (int j = 0; j < lanes; j++) Offer(chunk[j], rowPositions[i + j]);
            }
            for (; i < rowScores.Length; i++) Offer(rowScores[i], rowPositions[i]);
        }

        /// <summary>Whether all 16 scores lie below <paramref name="threshold"/> (false for a NaN on either side).</summary>
        private static bool AllBelow(ReadOnlySpan<float> chunk, float threshold)
        {
            if (Vector512.IsHardwareAccelerated) return Vector512.LessThanAll(Vector512.Create(chunk), Vector512.Create(threshold));
            var bound = Vector128.Create(threshold);
            return Vector128.LessThanAll(Vector128.Create(chunk), bound) && Vector128.LessThanAll(Vector128.Create(chunk[4..]), bound)
                && Vector128.LessThanAll(Vector128.Create(chunk[8..]), bound) && Vector128.LessThanAll(Vector128.Create(chunk[12..]), bound);
        }

        public void FillMissing(Func<int, (float Score, int Position)> filler)
        {
            for (int j = 0; count < k; j++)
            {
                var (s, p) = filler(j);
                scores[count] = s;
                positions[count++] = p;
            }
        }

        public void CopyTo(Span<float> s, Span<int> p)
        {
            scores.AsSpan(0, count).CopyTo(s);
            positions.AsSpan(0, count).CopyTo(p);
        }

        private static bool Better(float s, int p, float otherS, int otherP)
            => float.IsNaN(s) ? !float.IsNaN(otherS) || p < otherP : s > otherS || (s == otherS && p < otherP);
    }
}
