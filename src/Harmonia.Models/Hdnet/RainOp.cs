using Harmonia.Tensors;
using Harmonia.Tensors.Threading;

namespace Harmonia.Models.Hdnet;

/// <summary>
/// RAIN as one differentiable op. Composed from tensor ops, RAIN keeps about twenty full-size
/// intermediates per layer for the backward pass; this op keeps only its input and four numbers per
/// plane. It assumes a binary mask at the feature size.
/// </summary>
/// <remarks>
/// Per (sample, channel) plane, with region statistics μ = Σx/(n + ε), v = Σ(x − μ)²/(n + ε),
/// s = √(v + ε) over the background B and the foreground F:
/// background y = (1 + γ_b)·(x − μ_B)/s_B + β_b; foreground y = (1 + γ_f)·((x − μ_F)/s_F·s_B + μ_B) + β_f.
/// The backward pass differentiates exactly these formulas, including the background statistics'
/// influence on the foreground and the ε in the counts.
/// </remarks>
public static class RainOp
{
    /// <summary>RAIN of <paramref name="x"/> [N, C, H, W] with <paramref name="mask"/> [N, 1, H, W] (binary, same size).</summary>
    public static Tensor Apply(Tensor x, Tensor mask, Tensor foregroundGamma, Tensor foregroundBeta, Tensor backgroundGamma, Tensor backgroundBeta)
    {
        int n = x.Shape[0], channels = x.Shape[1], plane = x.Shape[2] * x.Shape[3];
        var stats = new RainRegions[n * channels];
        var y = Normalize(x, mask, foregroundGamma.Data, foregroundBeta.Data, backgroundGamma.Data, backgroundBeta.Data, stats);

        return Autograd.Function("rain", y, [x, foregroundGamma, foregroundBeta, backgroundGamma, backgroundBeta], gy =>
        {
            var gx = Tensor.Empty(x.Shape);
            // Per-plane parameter gradients, summed per channel in plane order afterwards (fixed order: thread-invariant).
            var planeGrads = new double[n * channels, 4];
            ParallelRange.For(n * channels, 1, (p0, p1) =>
            {
                for (int p = p0; p < p1; p++)
                {
                    int b = p / channels, c = p % channels;
                    var values = x.Data.AsSpan(p * plane, plane);
                    var m = mask.Data.AsSpan(b * plane, plane);
                    var g = gy.Data.AsSpan(p * plane, plane);
                    var st = stats[p];
                    double af = 1 + foregroundGamma.Data[c], ab = 1 + backgroundGamma.Data[c];

                    // Each region's Σg and Σg·x give every sum the chain rule needs: Σg·x̂ = (Σg·x − μΣg)/s.
                    var (gFore, gAll, gxFore, gxAll) = RainRegions.GradientSums(g, values, m);
                    double gBack = gAll - gFore, gxBack = gxAll - gxFore;
                    double gHatFore = (gxFore - st.MeanFore * gFore) / st.StdFore;   // Σ_F g·x̂_F
                    double gHatBack = (gxBack - st.MeanBack * gBack) / st.StdBack;   // Σ_B g·x̂_B

                    // Totals for each region's mean and std: direct x̂ terms (∂L/∂x̂_F = g·af·s_B,
                    // ∂L/∂x̂_B = g·ab) plus the foreground's use of μ_B and s_B.
                    double gMeanBack = af * gFore - ab * gBack / st.StdBack;
                    double gStdBack = af * gHatFore - ab * gHatBack / st.StdBack;
                    double gMeanFore = -af * st.StdBack * gFore / st.StdFore;
                    double gStdFore = -af * st.StdBack * gHatFore / st.StdFore;

                    // ∂L/∂x = h/s + gMean/count + gStd·((x − μ) − Σ(x − μ)/count)/(count·s) per region, which is
                    // g·k1 + x·k2 + k3 with h = g·af·s_B (foreground) or g·ab (background).
                    static (double, double, double) Linear(double hScale, double mean, double std, double count, double deviationSum, double gMean, double gStd)
                    {
                        double spread = gStd / (count * std);
                        return (hScale / std, spread, gMean / count - spread * (mean + deviationSum / count));
                    }
                    var fore = Linear(af * st.StdBack, st.MeanFore, st.StdFore, st.CountFore + RainRegions.Eps, st.DeviationSumFore, gMeanFore, gStdFore);
                    var back = Linear(ab, st.MeanBack, st.StdBack, st.CountBack + RainRegions.Eps, st.DeviationSumBack, gMeanBack, gStdBack);
                    RainRegions.SelectLinear(g, values, m, fore, back, gx.Data.AsSpan(p * plane, plane));

                    planeGrads[p, 0] = st.StdBack * gHatFore + st.MeanBack * gFore;  // γ_F: Σ_F g·(x̂_F·s_B + μ_B)
                    planeGrads[p, 1] = gFore;                                         // β_F
                    planeGrads[p, 2] = gHatBack;                                      // γ_B
                    planeGrads[p, 3] = gBack;                                         // β_B
                }
            });
            var perChannel = new float[4][];
            for (int k = 0; k < 4; k++)
            {
                perChannel[k] = new float[channels];
                for (int c = 0; c < channels; c++)
                {
                    double sum = 0;
                    for (int b = 0; b < n; b++) sum += planeGrads[b * channels + c, k];
                    perChannel[k][c] = (float)sum;
                }
            }
            return [gx, Tensor.FromArray(perChannel[0], channels), Tensor.FromArray(perChannel[1], channels),
                Tensor.FromArray(perChannel[2], channels), Tensor.FromArray(perChannel[3], channels)];
        });
    }

    /// <summary>
    /// RAIN's values without recording anything: each region of each plane becomes x·a + b with
    /// constants from the plane's <see cref="RainRegions"/>, which go to <paramref name="statistics"/>
    /// (one per plane) when the caller needs them for a backward pass.
    /// </summary>
    internal static Tensor Normalize(Tensor x, Tensor mask, float[] foregroundGamma, float[] foregroundBeta,
        float[] backgroundGamma, float[] backgroundBeta, RainRegions[]? statistics)
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
                var st = RainRegions.Of(values, m);
                if (statistics is not null) statistics[p] = st;
                // Foreground (1 + γ_F)·((x − μ_F)/s_F·s_B + μ_B) + β_F, background (1 + γ_B)·(x − μ_B)/s_B + β_B.
                double af = 1 + foregroundGamma[c], ab = 1 + backgroundGamma[c];
                float foreScale = (float)(st.StdBack / st.StdFore * af);
                float foreShift = (float)((st.MeanBack - st.MeanFore * st.StdBack / st.StdFore) * af + foregroundBeta[c]);
                float backScale = (float)(ab / st.StdBack);
                float backShift = (float)(-st.MeanBack / st.StdBack * ab + backgroundBeta[c]);
                RainRegions.SelectAffine(values, m, foreScale, foreShift, backScale, backShift, y.Data.AsSpan(p * plane, plane));
            }
        });
        return y;
    }
}
