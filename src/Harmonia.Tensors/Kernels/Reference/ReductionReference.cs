namespace Harmonia.Tensors.Kernels.Reference;

/// <summary>
/// Reference row reductions of an [rows, length] buffer written straight from the definitions,
/// one element at a time in float64, beside <see cref="ReductionKernels"/> (which widens eight floats
/// at a time into vector accumulators and threads the rows): the plain version to read first, and
/// the one the kernel tests hold the fast one to.
/// </summary>
internal static class ReductionReference
{
    /// <summary>Σ x[r, :] of each row.</summary>
    public static double[] Sum(float[] x, int rows, int length)
    {
        var sums = new double[rows];
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < length; k++)
                sums[r] += x[r * length + k];
        return sums;
    }

    /// <summary>
    /// Mean and variance Σ(x − mean)² / (length − correction) of each row; correction 0 is the
    /// biased variance, 1 the unbiased one.
    /// </summary>
    public static (double[] Mean, double[] Variance) MeanVar(float[] x, int rows, int length, int correction)
    {
        var sums = Sum(x, rows, length);
        var mean = new double[rows];
        var variance = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            mean[r] = sums[r] / length;
            double squares = 0;
            for (int k = 0; k < length; k++)
            {
                double d = x[r * length + k] - mean[r];
                squares += d * d;
            }
            variance[r] = squares / Math.Max(length - correction, 0);
        }
        return (mean, variance);
    }

    /// <summary>The maximum of each row and the index of its first occurrence; the first NaN wins, as in PyTorch.</summary>
    public static (float[] Max, int[] ArgMax) Max(float[] x, int rows, int length)
    {
        var max = new float[rows];
        var argmax = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int best = 0;
            for (int k = 1; k < length; k++)
            {
                float candidate = x[r * length + k], current = x[r * length + best];
                if (float.IsNaN(current)) break;
                if (float.IsNaN(candidate) || candidate > current) best = k;
            }
            max[r] = x[r * length + best];
            argmax[r] = best;
        }
        return (max, argmax);
    }
}
