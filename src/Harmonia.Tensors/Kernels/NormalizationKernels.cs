using System.Runtime.Intrinsics;
using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// Kernels shared by instance and batch normalization. Both normalise "groups" of planes of an
/// [N, C, H·W] buffer: instance norm's group is one plane (n, c); batch norm's group is channel
/// c across all N. A group is described by the planes it owns, and every group is reduced by
/// one thread in a fixed order, so results do not depend on the thread count.
/// </summary>
internal static class NormalizationKernels
{
    /// <summary>
    /// Mean and biased variance of each group. Group g owns planes
    /// <c>g·planesPerGroupStride</c>… see <see cref="PlaneOf"/>.
    /// </summary>
    public static void GroupStatistics(float[] x, NormGroups groups, float[] mean, float[] variance)
    {
        ParallelRange.For(groups.Count, 1, (g0, g1) =>
        {
            for (int g = g0; g < g1; g++)
            {
                double sum = 0;
                for (int p = 0; p < groups.PlanesPerGroup; p++)
                    sum += ReductionKernels.SumRow(x.AsSpan(PlaneOf(groups, g, p) * groups.PlaneSize, groups.PlaneSize));
                double m = sum / groups.ElementsPerGroup;
                double ss = 0;
                for (int p = 0; p < groups.PlanesPerGroup; p++)
                    ss += ReductionKernels.SumSquaredDeviations(x.AsSpan(PlaneOf(groups, g, p) * groups.PlaneSize, groups.PlaneSize), m);
                mean[g] = (float)m;
                variance[g] = (float)(ss / groups.ElementsPerGroup);
            }
        });
    }

    /// <summary>
    /// y = (x − mean[g]) · invStd[g] · scale[c] + shift[c], where c is the channel of the plane
    /// (scale/shift null means 1/0).
    /// </summary>
    public static void Normalize(float[] x, NormGroups groups, float[] mean, float[] invStd, float[]? scale, float[]? shift, float[] y)
    {
        ParallelRange.For(groups.Count * groups.PlanesPerGroup, 1, (i0, i1) =>
        {
            for (int i = i0; i < i1; i++)
            {
                int g = i / groups.PlanesPerGroup, p = i % groups.PlanesPerGroup;
                int plane = PlaneOf(groups, g, p);
                int c = plane % groups.Channels;
                float a = invStd[g] * (scale?[c] ?? 1f);
                float b = (shift?[c] ?? 0f) - mean[g] * a;
                var src = x.AsSpan(plane * groups.PlaneSize, groups.PlaneSize);
                var dst = y.AsSpan(plane * groups.PlaneSize, groups.PlaneSize);
                Affine(src, a, b, dst);
            }
        });
    }

    /// <summary>
    /// Backward of <see cref="Normalize"/> when mean and variance came from the batch itself:
    /// gx = invStd·s/n · (n·gy − Σgy − x̂·Σ(gy·x̂)), with x̂ the normalised input and s the scale.
    /// Also returns Σ gy·x̂ and Σ gy per group, from which the scale/shift gradients follow.
    /// </summary>
    public static void BackwardWithBatchStatistics(float[] x, float[] gy, NormGroups groups, float[] mean, float[] invStd, float[]? scale,
        float[] gx, float[] sumGyXhat, float[] sumGy)
    {
        ParallelRange.For(groups.Count, 1, (g0, g1) =>
        {
            for (int g = g0; g < g1; g++)
            {
                double sg = 0, sgd = 0;
                for (int p = 0; p < groups.PlanesPerGroup; p++)
                {
                    int o = PlaneOf(groups, g, p) * groups.PlaneSize;
                    var (planeSum, planeDot) = SumAndDeviationDot(gy.AsSpan(o, groups.PlaneSize), x.AsSpan(o, groups.PlaneSize), mean[g]);
                    sg += planeSum;
                    sgd += planeDot;
                }
                double sgx = sgd * invStd[g];    // Σ gy·x̂
                sumGy[g] = (float)sg;
                sumGyXhat[g] = (float)sgx;
                double n = groups.ElementsPerGroup;
                for (int p = 0; p < groups.PlanesPerGroup; p++)
                {
                    int plane = PlaneOf(groups, g, p);
                    int o = plane * groups.PlaneSize;
                    double s = scale?[plane % groups.Channels] ?? 1.0;
                    double k1 = invStd[g] * s / n;
                    // gx = k1·(n·gy − Σgy − x̂·Σgy·x̂) = a·gy + b·(x − mean) + c
                    AffineOfTwo(gy.AsSpan(o, groups.PlaneSize), x.AsSpan(o, groups.PlaneSize), mean[g],
                        (float)(k1 * n), (float)(-k1 * sgx * invStd[g]), (float)(-k1 * sg), gx.AsSpan(o, groups.PlaneSize));
                }
            }
        });
    }

    /// <summary>y = a·x + b in one pass.</summary>
    private static void Affine(ReadOnlySpan<float> x, float a, float b, Span<float> y)
    {
        var va = Vector256.Create(a);
        var vb = Vector256.Create(b);
        int i = 0;
        for (; i + 8 <= y.Length; i += 8) (va * Vector256.Create(x.Slice(i, 8)) + vb).CopyTo(y.Slice(i, 8));
        for (; i < y.Length; i++) y[i] = a * x[i] + b;
    }

    /// <summary>(Σ gy, Σ gy·(x − mean)), the products in float and the sums in double.</summary>
    private static (double Sum, double Dot) SumAndDeviationDot(ReadOnlySpan<float> gy, ReadOnlySpan<float> x, float mean)
    {
        var sum = Vector256<double>.Zero;
        var dot = Vector256<double>.Zero;
        var m = Vector256.Create(mean);
        int i = 0;
        for (; i + 8 <= gy.Length; i += 8)
        {
            var g = Vector256.Create(gy.Slice(i, 8));
            var (glo, ghi) = Vector256.Widen(g);
            var (dlo, dhi) = Vector256.Widen(g * (Vector256.Create(x.Slice(i, 8)) - m));
            sum += glo + ghi;
            dot += dlo + dhi;
        }
        double s = Vector256.Sum(sum), d = Vector256.Sum(dot);
        for (; i < gy.Length; i++)
        {
            s += gy[i];
            d += gy[i] * (x[i] - mean);
        }
        return (s, d);
    }

    /// <summary>y = a·gy + b·(x − mean) + c.</summary>
    private static void AffineOfTwo(ReadOnlySpan<float> gy, ReadOnlySpan<float> x, float mean, float a, float b, float c, Span<float> y)
    {
        var va = Vector256.Create(a);
        var vb = Vector256.Create(b);
        var vc = Vector256.Create(c);
        var m = Vector256.Create(mean);
        int i = 0;
        for (; i + 8 <= y.Length; i += 8)
            (va * Vector256.Create(gy.Slice(i, 8)) + vb * (Vector256.Create(x.Slice(i, 8)) - m) + vc).CopyTo(y.Slice(i, 8));
        for (; i < y.Length; i++) y[i] = a * gy[i] + b * (x[i] - mean) + c;
    }

    /// <summary>The index of the p-th plane of group g in the [N, C] plane grid.</summary>
    public static int PlaneOf(NormGroups groups, int g, int p)
        => groups.PerChannelAcrossBatch ? p * groups.Channels + g : g;
}

/// <summary>
/// How planes of an [N, C, H·W] buffer form normalization groups: one per (n, c) for instance
/// norm, or one per channel across the batch for batch norm.
/// </summary>
internal readonly record struct NormGroups(int Batch, int Channels, int PlaneSize, bool PerChannelAcrossBatch)
{
    /// <summary>Number of groups (N·C or C).</summary>
    public int Count => PerChannelAcrossBatch ? Channels : Batch * Channels;
    /// <summary>Planes in a group (N or 1).</summary>
    public int PlanesPerGroup => PerChannelAcrossBatch ? Batch : 1;
    /// <summary>Elements a group's statistics are taken over.</summary>
    public int ElementsPerGroup => PlanesPerGroup * PlaneSize;
}
