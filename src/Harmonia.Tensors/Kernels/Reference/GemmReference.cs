namespace Harmonia.Tensors.Kernels.Reference;

/// <summary>
/// The float64 reference of <see cref="Sgemm.Multiply(bool, bool, int, int, int, float[], int, int, float[], int, int, float[], int, int, bool)"/>, three plain loops beside the packed,
/// blocked and vectorised kernel: C = op(A)·op(B) (+ C when accumulating), with row-major strides
/// and offsets exactly as <see cref="Sgemm.Multiply(bool, bool, int, int, int, float[], int, int, float[], int, int, float[], int, int, bool)"/> takes them. The SGEMM tests check the fast
/// kernel against it.
/// </summary>
internal static class GemmReference
{
    /// <summary>
    /// The m×n product, row-major and dense, with per element the sum of absolute terms (for a
    /// tolerance that scales with cancellation). <paramref name="initial"/> (m×n, dense) is added
    /// when not null, as an accumulating multiply adds the old C.
    /// </summary>
    public static (double[] Value, double[] Magnitude) Multiply(bool transposeA, bool transposeB, int m, int n, int k,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float[]? initial)
    {
        var value = new double[m * n];
        var magnitude = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = initial is null ? 0 : initial[i * n + j], size = Math.Abs(sum);
                for (int p = 0; p < k; p++)
                {
                    double term = (double)a[aOffset + (transposeA ? p * lda + i : i * lda + p)]
                                * b[bOffset + (transposeB ? j * ldb + p : p * ldb + j)];
                    sum += term;
                    size += Math.Abs(term);
                }
                value[i * n + j] = sum;
                magnitude[i * n + j] = size;
            }
        }
        return (value, magnitude);
    }
}
