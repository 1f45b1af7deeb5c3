using System.Runtime.Intrinsics;
using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// Reductions over the contiguous last axis of an [rows, length] buffer. Sums accumulate in
/// double, so long reductions (a 2048² plane) stay accurate and the result does not depend
/// on how rows are spread over threads.
/// </summary>
internal static class ReductionKernels
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
                double ss = SumSquaredDeviations(row, m);
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

    /// <summary>
    /// Σ of a span in double: eight floats per step, widened to two double vectors, in two
    /// accumulator pairs (the order depends on the length alone, never on threads).
    /// </summary>
    public static double SumRow(ReadOnlySpan<float> row)
    {
        var acc0 = Vector256<double>.Zero;
        var acc1 = Vector256<double>.Zero;
        int i = 0;
        for (; i + 8 <= row.Length; i += 8)
        {
            var (lo, hi) = Vector256.Widen(Vector256.Create(row.Slice(i, 8)));
            acc0 += lo;
            acc1 += hi;
        }
        double sum = Vector256.Sum(acc0 + acc1);
        for (; i < row.Length; i++) sum += row[i];
        return sum;
    }

    /// <summary>Σ (x − mean)² over a span in double, vectorized like <see cref="SumRow"/>.</summary>
    public static double SumSquaredDeviations(ReadOnlySpan<float> row, double mean)
    {
        var acc0 = Vector256<double>.Zero;
        var acc1 = Vector256<double>.Zero;
        var m = Vector256.Create(mean);
        int i = 0;
        for (; i + 8 <= row.Length; i += 8)
        {
            var (lo, hi) = Vector256.Widen(Vector256.Create(row.Slice(i, 8)));
            lo -= m;
            hi -= m;
            acc0 += lo * lo;
            acc1 += hi * hi;
        }
        double sum = Vector256.Sum(acc0 + acc1);
        for (; i < row.Length; i++)
        {
            double d = row[i] - mean;
            sum += d * d;
        }
        return sum;
    }

    private static int RowsPerChunk(int length) => Math.Max(1, 65536 / Math.Max(1, length));
}
