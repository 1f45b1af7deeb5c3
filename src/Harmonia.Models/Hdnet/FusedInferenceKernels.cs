using System.Runtime.Intrinsics;
using Harmonia.Tensors;
using Harmonia.Tensors.Kernels;
using Harmonia.Tensors.Threading;

namespace Harmonia.Models.Hdnet;

/// <summary>
/// Inference-only kernels for HDNet's decoder blocks. The composed tensor ops of RAIN and the
/// Mask-aware Global Dynamic block create a dozen full-size temporaries each; at 2048² one
/// such temporary is half a gigabyte. These kernels compute the same values in one or two
/// passes with only the output allocated. They assume a binary mask, which the harmonizers
/// guarantee (masks are binarized at 0.5).
/// </summary>
public static class FusedInferenceKernels
{
    private const float RainEps = 1e-5f;

    /// <summary>
    /// RAIN on [N, C, H, W] with a binary mask [N, 1, H, W] of the same size: per (n, c), the
    /// background is normalised by its own mean and std; the foreground by its own and then
    /// given the background's; each region then gets (1 + γ) and β.
    /// </summary>
    public static Tensor Rain(Tensor x, Tensor mask, float[] foregroundGamma, float[] foregroundBeta, float[] backgroundGamma, float[] backgroundBeta)
    {
        int n = x.Shape[0], channels = x.Shape[1], plane = x.Shape[2] * x.Shape[3];
        var y = Tensor.Empty(x.Shape);
        ParallelRange.For(n * channels, 1, (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                int b = p / channels, c = p % channels;
                var values = x.Data.AsSpan(p * plane, plane);
                var m = mask.Data.AsSpan(b * plane, plane);
                // Binary mask: the foreground sums are dot products with the mask, the background's the rest.
                double sumAll = ReductionKernels.SumRow(values);
                double countFore = ReductionKernels.SumRow(m);
                double sumFore = MaskedSum(values, m);
                double sumBack = sumAll - sumFore, countBack = plane - countFore;
                // Same statistics as the composed op: Σ/(count + eps), variance over the region, std = √(var + eps).
                double meanFore = sumFore / (countFore + RainEps), meanBack = sumBack / (countBack + RainEps);
                var (ssFore, ssBack) = RegionSquaredDeviations(values, m, (float)meanFore, (float)meanBack);
                double stdFore = Math.Sqrt(ssFore / (countFore + RainEps) + RainEps);
                double stdBack = Math.Sqrt(ssBack / (countBack + RainEps) + RainEps);

                // Each region becomes x·a + b with per-region constants.
                float foreScale = (float)(stdBack / stdFore * (1 + foregroundGamma[c]));
                float foreShift = (float)((meanBack - meanFore * stdBack / stdFore) * (1 + foregroundGamma[c]) + foregroundBeta[c]);
                float backScale = (float)((1 + backgroundGamma[c]) / stdBack);
                float backShift = (float)(-meanBack / stdBack * (1 + backgroundGamma[c]) + backgroundBeta[c]);
                SelectAffine(values, m, foreScale, foreShift, backScale, backShift, y.Data.AsSpan(p * plane, plane));
            }
        });
        return y;
    }

    /// <summary>Σ x where the mask is 1, in double (eight float lanes widened per step).</summary>
    private static double MaskedSum(ReadOnlySpan<float> x, ReadOnlySpan<float> m)
    {
        var acc = Vector256<double>.Zero;
        int i = 0;
        for (; i + 8 <= x.Length; i += 8)
        {
            var v = Vector256.Create(x.Slice(i, 8)) * Vector256.Create(m.Slice(i, 8));
            var (lo, hi) = Vector256.Widen(v);
            acc += lo + hi;
        }
        double sum = Vector256.Sum(acc);
        for (; i < x.Length; i++) sum += x[i] * m[i];
        return sum;
    }

    /// <summary>Σ (x − meanFore)² over the foreground and Σ (x − meanBack)² over the background.</summary>
    private static (double Fore, double Back) RegionSquaredDeviations(ReadOnlySpan<float> x, ReadOnlySpan<float> m, float meanFore, float meanBack)
    {
        var fore = Vector256<double>.Zero;
        var back = Vector256<double>.Zero;
        var mf = Vector256.Create(meanFore);
        var mb = Vector256.Create(meanBack);
        int i = 0;
        for (; i + 8 <= x.Length; i += 8)
        {
            var v = Vector256.Create(x.Slice(i, 8));
            var isFore = Vector256.GreaterThan(Vector256.Create(m.Slice(i, 8)), Vector256.Create(0.5f));
            var df = Vector256.ConditionalSelect(isFore, v - mf, Vector256<float>.Zero);
            var db = Vector256.ConditionalSelect(isFore, Vector256<float>.Zero, v - mb);
            var (flo, fhi) = Vector256.Widen(df);
            var (blo, bhi) = Vector256.Widen(db);
            fore += flo * flo + fhi * fhi;
            back += blo * blo + bhi * bhi;
        }
        double f = Vector256.Sum(fore), b = Vector256.Sum(back);
        for (; i < x.Length; i++)
        {
            double d = x[i] - (m[i] > 0.5f ? meanFore : meanBack);
            if (m[i] > 0.5f) f += d * d; else b += d * d;
        }
        return (f, b);
    }

    /// <summary>y = x·aFore + bFore where the mask is 1, x·aBack + bBack elsewhere.</summary>
    private static void SelectAffine(ReadOnlySpan<float> x, ReadOnlySpan<float> m, float aFore, float bFore, float aBack, float bBack, Span<float> y)
    {
        var af = Vector256.Create(aFore);
        var bf = Vector256.Create(bFore);
        var ab = Vector256.Create(aBack);
        var bb = Vector256.Create(bBack);
        int i = 0;
        for (; i + 8 <= x.Length; i += 8)
        {
            var v = Vector256.Create(x.Slice(i, 8));
            var isFore = Vector256.GreaterThan(Vector256.Create(m.Slice(i, 8)), Vector256.Create(0.5f));
            Vector256.ConditionalSelect(isFore, v * af + bf, v * ab + bb).CopyTo(y.Slice(i, 8));
        }
        for (; i < x.Length; i++) y[i] = m[i] > 0.5f ? x[i] * aFore + bFore : x[i] * aBack + bBack;
    }

    /// <summary>y = fore where the mask is 1, back elsewhere.</summary>
    private static void SelectByMask(ReadOnlySpan<float> fore, ReadOnlySpan<float> back, ReadOnlySpan<float> m, Span<float> y)
    {
        int i = 0;
        for (; i + 8 <= y.Length; i += 8)
        {
            var isFore = Vector256.GreaterThan(Vector256.Create(m.Slice(i, 8)), Vector256.Create(0.5f));
            Vector256.ConditionalSelect(isFore, Vector256.Create(fore.Slice(i, 8)), Vector256.Create(back.Slice(i, 8))).CopyTo(y.Slice(i, 8));
        }
        for (; i < y.Length; i++) y[i] = m[i] > 0.5f ? fore[i] : back[i];
    }

    /// <summary>
    /// The per-sample 1×1 convolutions of the Mask-aware Global Dynamic block: y[c, p] =
    /// Σ_k K_fg[c, k]·x[k, p] where the mask is 1 and Σ_k K_bg[c, k]·x[k, p] elsewhere.
    /// <paramref name="kernels"/> holds, per sample, the [2C, C] matrix (foreground rows first).
    /// Pixels are processed in blocks, so only a block of both responses is ever held.
    /// </summary>
    public static Tensor RegionPointwise(Tensor x, Tensor mask, float[] kernels)
    {
        int n = x.Shape[0], channels = x.Shape[1], plane = x.Shape[2] * x.Shape[3];
        const int block = 2048;
        var y = Tensor.Empty(x.Shape);
        FlopCounter.AddMultiplyAdds((long)n * 2 * channels * channels * plane);
        int blocksPerImage = (plane + block - 1) / block;
        ParallelRange.For(n * blocksPerImage, 1, (j0, j1) =>
        {
            var responses = new float[2 * channels * block];
            var columns = new float[channels * block];
            for (int j = j0; j < j1; j++)
            {
                int b = j / blocksPerImage, start = (j % blocksPerImage) * block, width = Math.Min(block, plane - start);
                for (int c = 0; c < channels; c++)
                    Array.Copy(x.Data, (b * channels + c) * plane + start, columns, c * width, width);
                Sgemm.Multiply(false, false, 2 * channels, width, channels, kernels, b * 2 * channels * channels, channels,
                    columns, 0, width, responses, 0, width, accumulate: false);
                var m = mask.Data.AsSpan(b * plane + start, width);
                for (int c = 0; c < channels; c++)
                    SelectByMask(responses.AsSpan(c * width, width), responses.AsSpan((channels + c) * width, width), m,
                        y.Data.AsSpan((b * channels + c) * plane + start, width));
            }
        });
        return y;
    }
}
