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
                double sumFore = 0, sumBack = 0, countFore = 0;
                for (int i = 0; i < plane; i++)
                {
                    if (m[i] > 0.5f) { sumFore += values[i]; countFore++; }
                    else sumBack += values[i];
                }
                double countBack = plane - countFore;
                // Same statistics as the composed op: Σ/(count + eps), variance over the region, std = √(var + eps).
                double meanFore = sumFore / (countFore + RainEps), meanBack = sumBack / (countBack + RainEps);
                double ssFore = 0, ssBack = 0;
                for (int i = 0; i < plane; i++)
                {
                    if (m[i] > 0.5f) { double d = values[i] - meanFore; ssFore += d * d; }
                    else { double d = values[i] - meanBack; ssBack += d * d; }
                }
                double stdFore = Math.Sqrt(ssFore / (countFore + RainEps) + RainEps);
                double stdBack = Math.Sqrt(ssBack / (countBack + RainEps) + RainEps);

                // Each region becomes x·a + b with per-region constants.
                float foreScale = (float)(stdBack / stdFore * (1 + foregroundGamma[c]));
                float foreShift = (float)((meanBack - meanFore * stdBack / stdFore) * (1 + foregroundGamma[c]) + foregroundBeta[c]);
                float backScale = (float)((1 + backgroundGamma[c]) / stdBack);
                float backShift = (float)(-meanBack / stdBack * (1 + backgroundGamma[c]) + backgroundBeta[c]);
                var output = y.Data.AsSpan(p * plane, plane);
                for (int i = 0; i < plane; i++)
                    output[i] = m[i] > 0.5f ? values[i] * foreScale + foreShift : values[i] * backScale + backShift;
            }
        });
        return y;
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
                for (int c = 0; c < channels; c++)
                {
                    int outRow = (b * channels + c) * plane + start;
                    for (int i = 0; i < width; i++)
                        y.Data[outRow + i] = mask.Data[b * plane + start + i] > 0.5f ? responses[c * width + i] : responses[(channels + c) * width + i];
                }
            }
        });
        return y;
    }
}
