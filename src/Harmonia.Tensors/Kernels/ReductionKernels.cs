using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// Reductions over the contiguous last axis of an [rows, length] buffer. Sums accumulate in
/// double, so long reductions (a 2048² plane) stay accurate and the result does not depend
/// on how rows are spread over threads.
/// </summary>
public static class ReductionKernels
{
    /// <summary>y[r] = Σ x[r, :].</summary>
    public static void Sum(float[] x, int rows, int length, float[] y)
        => ParallelRange.For(rows, RowsPerChunk(length), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++) y[r] = (float)SumRow(x.AsSpan(r * length, length));
        });

    /// <summary>
    /// Mean and variance of each row, two-pass in double. <paramref name="correction"/> is 0 for
    /// the biased (population) variance and 1 for the unbiased one, as PyTorch's <c>var</c>.
    /// </summary>
    public static void MeanVar(float[] x, int rows, int length, int correction, float[] mean, float[] variance)
        => ParallelRange.For(rows, RowsPerChunk(length), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                var row = x.AsSpan(r * length, length);
                double m = SumRow(row) / length;
                double ss = 0;
                foreach (var v in row) { double d = v - m; ss += d * d; }
                mean[r] = (float)m;
                variance[r] = (float)(ss / Math.Max(length - correction, 0));
            }
        });

    /// <summary>Maximum of each row and the index of its first occurrence (NaN wins, as in PyTorch).</summary>
    public static void Max(float[] x, int rows, int length, float[] y, int[] argmax)
        => ParallelRange.For(rows, RowsPerChunk(length), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                int o = r * length, best = 0;
                float m = x[o];
                for (int k = 1; k < length && !float.IsNaN(m); k++)
                    if (x[o + k] > m || float.IsNaN(x[o + k])) { m = x[o + k]; best = k; }
                y[r] = m;
                argmax[r] = best;
            }
        });

    /// <summary>Σ of a span in double, four accumulators wide.</summary>
    public static double SumRow(ReadOnlySpan<float> row)
    {
        double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int i = 0;
        for (; i + 4 <= row.Length; i += 4)
        {
            a0 += row[i]; a1 += row[i + 1]; a2 += row[i + 2]; a3 += row[i + 3];
        }
        for (; i < row.Length; i++) a0 += row[i];
        return (a0 + a1) + (a2 + a3);
    }

    private static int RowsPerChunk(int length) => Math.Max(1, 65536 / Math.Max(1, length));
}
