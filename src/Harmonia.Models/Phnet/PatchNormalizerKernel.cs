using Harmonia.Tensors;
using Harmonia.Tensors.Threading;

namespace Harmonia.Models.Phnet;

/// <summary>
/// Inference-only form of <see cref="PatchNormalizer"/>: the same values in three passes over the
/// feature map (statistics, patch means, output) with only the output allocated. The composed
/// tensor expression creates about twenty full-size temporaries, which made PHNet's peak memory at
/// 1024² almost 3 GB; the composed form stays the training path and the reference this is tested
/// against.
/// </summary>
/// <remarks>
/// Every output pixel is an affine function of its input with per-(sample, channel) coefficients:
/// a foreground one and a background one, blended by the mask. The statistics are summed in double
/// per (sample, channel), in pixel order, so the thread count cannot change them.
/// </remarks>
internal static class PatchNormalizerKernel
{
    /// <summary>The learned values of one block, as flat arrays.</summary>
    public readonly record struct Coefficients(
        float GlobalWeight, float PatchWeight, float[] FgVar, float[] FgBias, float[] PatchedFgVar, float[] PatchedFgBias,
        float[] BgVar, float[] BgBias, float[] GridWeights);

    /// <param name="foreground">[N, C, H, W], whitened with the statistics under the mask.</param>
    /// <param name="background">[N, C, H, W], whitened with the statistics outside it.</param>
    /// <param name="mask">[N, 1, H, W].</param>
    /// <param name="gridCount">g of the g×g patch grid.</param>
    /// <param name="k">The block's learned values.</param>
    /// <param name="eps">The ε of the masked statistics.</param>
    public static Tensor Forward(Tensor foreground, Tensor background, Tensor mask, int gridCount, in Coefficients k, float eps)
    {
        int n = foreground.Shape[0], channels = foreground.Shape[1], height = foreground.Shape[2], width = foreground.Shape[3];
        int plane = height * width;
        var grid = new PatchGrid(gridCount, height, width);
        float[] fg = foreground.Data, bg = background.Data, m = mask.Data;
        var output = Tensor.Empty(foreground.Shape);
        float[] y = output.Data;
        var coefficients = k;
        ParallelRange.For(n * channels, 1, (j0, j1) =>
        {
            for (int j = j0; j < j1; j++)
            {
                int sample = j / channels, c = j % channels;
                int offset = j * plane, maskOffset = sample * plane;
                var (bgMean, bgStd) = MaskedMeanStd(bg, offset, m, maskOffset, plane, inverted: true, eps);
                var (fgMean, fgStd) = MaskedMeanStd(fg, offset, m, maskOffset, plane, inverted: false, eps);
                float patchedBackMean = PatchedBackgroundMean(bg, offset, m, maskOffset, width, grid, coefficients.GridWeights, c, eps);

                // out = m·(w0·((ŵ·σb + μb)·a + b) + w1·((ŵ·σb + p)·a' + b')) + (1 − m)·((x − μb)/σb·a'' + b''), ŵ = (x − μf)/σf.
                float fgVar = coefficients.FgVar[c], fgBias = coefficients.FgBias[c];
                float pVar = coefficients.PatchedFgVar[c], pBias = coefficients.PatchedFgBias[c];
                float bVar = coefficients.BgVar[c], bBias = coefficients.BgBias[c];
                float w0 = coefficients.GlobalWeight, w1 = coefficients.PatchWeight;
                for (int p = 0; p < plane; p++)
                {
                    float maskValue = m[maskOffset + p];
                    float backgroundNormalized = (bg[offset + p] - bgMean) / bgStd * bVar + bBias;
                    float whitened = (fg[offset + p] - fgMean) / fgStd;
                    float globallyStyled = (whitened * bgStd + bgMean) * fgVar + fgBias;
                    float patchStyled = (whitened * bgStd + patchedBackMean) * pVar + pBias;
                    float foregroundResult = w0 * globallyStyled + w1 * patchStyled;
                    y[offset + p] = foregroundResult * maskValue + backgroundNormalized * (1f - maskValue);
                }
            }
        });
        return output;
    }

    /// <summary>Σ(x·r)/(Σr + ε) and √(Σ((x − μ)·r)²/(Σr + ε) + ε), r the mask or 1 − mask.</summary>
    private static (float Mean, float Std) MaskedMeanStd(float[] x, int offset, float[] m, int maskOffset, int plane, bool inverted, float eps)
    {
        double count = 0, sum = 0;
        for (int p = 0; p < plane; p++)
        {
            float r = inverted ? 1f - m[maskOffset + p] : m[maskOffset + p];
            count += r;
            sum += x[offset + p] * r;
        }
        float total = (float)count + eps;
        float mean = (float)(sum / total);
        double squares = 0;
        for (int p = 0; p < plane; p++)
        {
            float r = inverted ? 1f - m[maskOffset + p] : m[maskOffset + p];
            float d = (x[offset + p] - mean) * r;
            squares += d * d;
        }
        return (mean, MathF.Sqrt((float)(squares / total) + eps));
    }

    /// <summary>Σ over the grid of (the patch's background mean) · (its learned weight), for one channel.</summary>
    private static float PatchedBackgroundMean(float[] x, int offset, float[] m, int maskOffset, int width, PatchGrid grid, float[] gridWeights, int c, float eps)
    {
        int g = grid.Count;
        float total = 0;
        for (int i = 0; i < g; i++)
        {
            var (r0, rn) = grid.Rows(i);
            for (int jj = 0; jj < g; jj++)
            {
                var (c0, cn) = grid.Columns(jj);
                double count = 0, sum = 0;
                for (int row = r0; row < r0 + rn; row++)
                    for (int col = c0; col < c0 + cn; col++)
                    {
                        int p = row * width + col;
                        float r = 1f - m[maskOffset + p];
                        count += r;
                        sum += x[offset + p] * r;
                    }
                float patchMean = (float)(sum / ((float)count + eps));
                total += patchMean * gridWeights[(c * g + i) * g + jj];
            }
        }
        return total;
    }
}
