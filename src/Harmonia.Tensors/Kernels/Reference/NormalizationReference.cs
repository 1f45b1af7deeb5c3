namespace Harmonia.Tensors.Kernels.Reference;

/// <summary>
/// Float64 reference normalization written straight from the definitions, beside
/// <see cref="NormalizationKernels"/> (which vectorises, threads and folds the same arithmetic into
/// one affine pass per plane): the plain version to read first, and the one the kernel tests hold
/// the fast one to. A group is a set of planes of an [N, C, H·W] buffer (<see cref="NormGroups"/>):
/// one plane for instance norm, one channel across the batch for batch norm.
/// </summary>
internal static class NormalizationReference
{
    /// <summary>The values of each group's planes, in order.</summary>
    private static IEnumerable<int> GroupIndices(NormGroups groups, int g)
    {
        for (int p = 0; p < groups.PlanesPerGroup; p++)
        {
            int start = NormalizationKernels.PlaneOf(groups, g, p) * groups.PlaneSize;
            for (int i = 0; i < groups.PlaneSize; i++) yield return start + i;
        }
    }

    /// <summary>Mean and biased variance, Σ(x − mean)² / n, of each group.</summary>
    public static (double[] Mean, double[] Variance) GroupStatistics(float[] x, NormGroups groups)
    {
        var mean = new double[groups.Count];
        var variance = new double[groups.Count];
        for (int g = 0; g < groups.Count; g++)
        {
            double sum = 0;
            foreach (int i in GroupIndices(groups, g)) sum += x[i];
            mean[g] = sum / groups.ElementsPerGroup;
            double squares = 0;
            foreach (int i in GroupIndices(groups, g)) squares += (x[i] - mean[g]) * (x[i] - mean[g]);
            variance[g] = squares / groups.ElementsPerGroup;
        }
        return (mean, variance);
    }

    /// <summary>y = (x − mean[g]) · invStd[g] · scale[c] + shift[c], c the plane's channel (null scale/shift: 1/0).</summary>
    public static double[] Normalize(float[] x, NormGroups groups, float[] mean, float[] invStd, float[]? scale, float[]? shift)
    {
        var y = new double[x.Length];
        for (int g = 0; g < groups.Count; g++)
            foreach (int i in GroupIndices(groups, g))
            {
                int c = i / groups.PlaneSize % groups.Channels;
                y[i] = ((double)x[i] - mean[g]) * invStd[g] * (scale?[c] ?? 1.0) + (shift?[c] ?? 0.0);
            }
        return y;
    }

    /// <summary>
    /// The input gradient when mean and variance came from the batch itself, from the chain rule
    /// through x̂ = (x − mean)·invStd: gx = s·invStd/n · (n·gy − Σgy − x̂·Σ(gy·x̂)), with Σ over the
    /// group and s the scale; also Σ gy·x̂ and Σ gy per group.
    /// </summary>
    public static (double[] InputGradient, double[] SumGyXhat, double[] SumGy) BackwardWithBatchStatistics(
        float[] x, float[] gy, NormGroups groups, float[] mean, float[] invStd, float[]? scale)
    {
        var gx = new double[x.Length];
        var sumGyXhat = new double[groups.Count];
        var sumGy = new double[groups.Count];
        double n = groups.ElementsPerGroup;
        for (int g = 0; g < groups.Count; g++)
        {
            foreach (int i in GroupIndices(groups, g))
            {
                sumGy[g] += gy[i];
                sumGyXhat[g] += gy[i] * ((double)x[i] - mean[g]) * invStd[g];
            }
            foreach (int i in GroupIndices(groups, g))
            {
                double s = scale?[i / groups.PlaneSize % groups.Channels] ?? 1.0;
                double xhat = ((double)x[i] - mean[g]) * invStd[g];
                gx[i] = s * invStd[g] / n * (n * gy[i] - sumGy[g] - xhat * sumGyXhat[g]);
            }
        }
        return (gx, sumGyXhat, sumGy);
    }
}
