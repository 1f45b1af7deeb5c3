using System.Buffers;
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
    /// <summary>Pixels per work item of <see cref="RegionPointwise"/>: four 8-float vectors.</summary>
    private const int Strip = 32;

    /// <summary>
    /// The per-sample 1×1 convolutions of the Mask-aware Global Dynamic block: y[c, p] =
    /// Σ_k K_fg[c, k]·x[k, p] where the mask is 1 and Σ_k K_bg[c, k]·x[k, p] elsewhere.
    /// <paramref name="kernels"/> holds, per sample, the [2C, C] matrix (foreground rows first).
    /// </summary>
    /// <remarks>
    /// A direct kernel rather than a GEMM: with C of 16 to 64 the matrix product is too shallow for
    /// packing to pay, and a strip of 32 pixels that lies wholly inside one region (most strips of
    /// a real mask) needs only that region's kernel, half the arithmetic. Each output value is the
    /// same sum in the same order whatever the strip's neighbours, so threads cannot change it.
    /// </remarks>
    public static unsafe Tensor RegionPointwise(Tensor x, Tensor mask, float[] kernels)
    {
        int n = x.Shape[0], channels = x.Shape[1], plane = x.Shape[2] * x.Shape[3];
        var y = Tensor.Empty(x.Shape);
        FlopCounter.AddMultiplyAdds((long)n * 2 * channels * channels * plane);
        int strips = (plane + Strip - 1) / Strip;
        float[] xData = x.Data, yData = y.Data, maskData = mask.Data;
        ParallelRange.For(n * strips, 64, (j0, j1) =>
        {
            float* scratch = stackalloc float[8 * Strip];
            // The strip's input rows lie a plane apart, and planes are often a multiple of 4 KiB,
            // so they would all compete for the same L1 sets; copied side by side they stay cached.
            float[] rows = ArrayPool<float>.Shared.Rent(channels * Strip);
            fixed (float* xp = xData, yp = yData, mp = maskData, kp = kernels, strip = rows)
            {
                for (int j = j0; j < j1; j++)
                {
                    int b = j / strips, start = (j % strips) * Strip, width = Math.Min(Strip, plane - start);
                    long imageOffset = (long)b * channels * plane + start;
                    float* fore = kp + (long)b * 2 * channels * channels, back = fore + channels * channels;
                    float* m = mp + (long)b * plane + start;
                    if (width < Strip)
                    {
                        RegionPointwiseScalar(xp + imageOffset, yp + imageOffset, plane, channels, width, m, fore, back);
                        continue;
                    }
                    var (anyFore, anyBack) = RegionsPresent(m);
                    for (int c = 0; c < channels; c++)
                        Buffer.MemoryCopy(xp + imageOffset + (long)c * plane, strip + c * Strip, Strip * sizeof(float), Strip * sizeof(float));
                    float* output = yp + imageOffset, weights = anyFore ? fore : back, background = anyFore && anyBack ? back : null;
                    if (WideRows) StripByRowQuads(strip, channels, plane, m, weights, background, output, scratch);
                    else StripByRowPairs(strip, channels, plane, m, weights, background, output, scratch);
                }
            }
            ArrayPool<float>.Shared.Return(rows);
        });
        return y;
    }

    /// <summary>
    /// Whether strips are computed four output rows at a time on 512-bit vectors (where the machine
    /// has them) rather than two at a time on 256-bit ones. Each output value is the same sequence of
    /// fused multiply-adds either way, so the two give the same bits; tests switch it to check that.
    /// </summary>
    internal static bool WideRows { get; set; } = Vector512.IsHardwareAccelerated;

    /// <summary>
    /// One full strip's output rows, four at a time: <paramref name="weights"/>' rows for every pixel,
    /// then, when <paramref name="background"/> is given (a strip with both regions), the background
    /// rows into scratch, taken wherever the mask is background. Rows past the last are computed
    /// again into scratch so the last block needs no narrower kernel.
    /// </summary>
    private static unsafe void StripByRowQuads(float* strip, int channels, int plane, float* m, float* weights, float* background, float* y, float* scratch)
    {
        float* spare = scratch, backs = scratch + 4 * Strip;
        float** rows = stackalloc float*[4];
        float** weightRows = stackalloc float*[4];
        float** backRows = stackalloc float*[] { backs, backs + Strip, backs + 2 * Strip, backs + 3 * Strip };
        for (int o = 0; o < channels; o += 4)
        {
            for (int i = 0; i < 4; i++)
            {
                int row = Math.Min(o + i, channels - 1);
                rows[i] = o + i < channels ? y + (long)(o + i) * plane : spare + i * Strip;
                weightRows[i] = weights + row * channels;
            }
            StripRowQuad(strip, channels, weightRows, rows);
            if (background is null) continue;
            for (int i = 0; i < 4; i++) weightRows[i] = background + Math.Min(o + i, channels - 1) * channels;
            StripRowQuad(strip, channels, weightRows, backRows);
            for (int i = 0; i < 4 && o + i < channels; i++) SelectBackground(m, backs + i * Strip, rows[i]);
        }
    }

    /// <summary>
    /// Four output rows over one strip on 512-bit vectors: <c>y_i[p] = Σ_c w_i[c]·x[c, p]</c> for the
    /// strip's 32 pixels, eight accumulators (four rows × two vectors), one broadcast per row and channel.
    /// </summary>
    private static unsafe void StripRowQuad(float* x, int channels, float** w, float** y)
    {
        float* w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
        Vector512<float> a0 = default, a1 = default, b0 = default, b1 = default;
        Vector512<float> c0 = default, c1 = default, d0 = default, d1 = default;
        for (int c = 0; c < channels; c++)
        {
            float* row = x + c * Strip;
            var x0 = Vector512.Load(row);
            var x1 = Vector512.Load(row + 16);
            var u = Vector512.Create(w0[c]);
            a0 = Vector512.FusedMultiplyAdd(u, x0, a0); a1 = Vector512.FusedMultiplyAdd(u, x1, a1);
            u = Vector512.Create(w1[c]);
            b0 = Vector512.FusedMultiplyAdd(u, x0, b0); b1 = Vector512.FusedMultiplyAdd(u, x1, b1);
            u = Vector512.Create(w2[c]);
            c0 = Vector512.FusedMultiplyAdd(u, x0, c0); c1 = Vector512.FusedMultiplyAdd(u, x1, c1);
            u = Vector512.Create(w3[c]);
            d0 = Vector512.FusedMultiplyAdd(u, x0, d0); d1 = Vector512.FusedMultiplyAdd(u, x1, d1);
        }
        a0.Store(y[0]); a1.Store(y[0] + 16);
        b0.Store(y[1]); b1.Store(y[1] + 16);
        c0.Store(y[2]); c1.Store(y[2] + 16);
        d0.Store(y[3]); d1.Store(y[3] + 16);
    }

    /// <summary>The same as <see cref="StripByRowQuads"/>, two rows at a time on 256-bit vectors.</summary>
    private static unsafe void StripByRowPairs(float* strip, int channels, int plane, float* m, float* weights, float* background, float* y, float* scratch)
    {
        for (int o = 0; o < channels; o += 2)
        {
            // An odd last row is computed twice, the copy going to scratch.
            int o1 = Math.Min(o + 1, channels - 1);
            float* y0 = y + (long)o * plane;
            float* y1 = o1 == o ? scratch + Strip : y + (long)o1 * plane;
            StripRowPair(strip, channels, weights + o * channels, weights + o1 * channels, y0, y1);
            if (background is null) continue;
            float* b0 = scratch + 2 * Strip, b1 = scratch + 3 * Strip;
            StripRowPair(strip, channels, background + o * channels, background + o1 * channels, b0, b1);
            SelectBackground(m, b0, y0);
            if (o1 != o) SelectBackground(m, b1, y1);
        }
    }

    /// <summary>Whether the strip's mask has foreground (≥ 0.5) and background pixels.</summary>
    private static unsafe (bool Fore, bool Back) RegionsPresent(float* m)
    {
        var half = Vector256.Create(0.5f);
        var isFore = Vector256<float>.Zero;
        var isBack = Vector256<float>.Zero;
        for (int i = 0; i < Strip; i += 8)
        {
            var mv = Vector256.Load(m + i);
            isFore |= Vector256.GreaterThan(mv, half);
            isBack |= ~Vector256.GreaterThan(mv, half);
        }
        return (isFore != Vector256<float>.Zero, isBack != Vector256<float>.Zero);
    }

    /// <summary>
    /// Two output rows over one strip: y0[p] = Σ_c w0[c]·x[c, p] and y1[p] = Σ_c w1[c]·x[c, p] for
    /// the strip's 32 pixels (<paramref name="x"/> holds them as [channels, 32]), with eight vector accumulators.
    /// </summary>
    private static unsafe void StripRowPair(float* x, int channels, float* w0, float* w1, float* y0, float* y1)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
        for (int c = 0; c < channels; c++)
        {
            float* row = x + c * Strip;
            var x0 = Vector256.Load(row);
            var x1 = Vector256.Load(row + 8);
            var x2 = Vector256.Load(row + 16);
            var x3 = Vector256.Load(row + 24);
            var u = Vector256.Create(w0[c]);
            var v = Vector256.Create(w1[c]);
            a0 = Vector256.FusedMultiplyAdd(u, x0, a0); a1 = Vector256.FusedMultiplyAdd(u, x1, a1);
            a2 = Vector256.FusedMultiplyAdd(u, x2, a2); a3 = Vector256.FusedMultiplyAdd(u, x3, a3);
            b0 = Vector256.FusedMultiplyAdd(v, x0, b0); b1 = Vector256.FusedMultiplyAdd(v, x1, b1);
            b2 = Vector256.FusedMultiplyAdd(v, x2, b2); b3 = Vector256.FusedMultiplyAdd(v, x3, b3);
        }
        a0.Store(y0); a1.Store(y0 + 8); a2.Store(y0 + 16); a3.Store(y0 + 24);
        b0.Store(y1); b1.Store(y1 + 8); b2.Store(y1 + 16); b3.Store(y1 + 24);
    }

    /// <summary>y[p] = back[p] wherever the strip's mask is background (&lt; 0.5).</summary>
    private static unsafe void SelectBackground(float* m, float* back, float* y)
    {
        var half = Vector256.Create(0.5f);
        for (int i = 0; i < Strip; i += 8)
        {
            var isFore = Vector256.GreaterThan(Vector256.Load(m + i), half);
            Vector256.ConditionalSelect(isFore, Vector256.Load(y + i), Vector256.Load(back + i)).Store(y + i);
        }
    }

    /// <summary>The same sums one pixel at a time, for a strip narrower than <see cref="Strip"/>.</summary>
    private static unsafe void RegionPointwiseScalar(float* x, float* y, int plane, int channels, int width, float* m, float* fore, float* back)
    {
        for (int p = 0; p < width; p++)
        {
            float* weights = m[p] > 0.5f ? fore : back;
            for (int o = 0; o < channels; o++)
            {
                float sum = 0;
                for (int c = 0; c < channels; c++) sum = MathF.FusedMultiplyAdd(weights[o * channels + c], x[(long)c * plane + p], sum);
                y[(long)o * plane + p] = sum;
            }
        }
    }
}
