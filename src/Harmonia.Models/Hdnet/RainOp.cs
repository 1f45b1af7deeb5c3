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
    private const double Eps = 1e-5;

    /// <summary>RAIN of <paramref name="x"/> [N, C, H, W] with <paramref name="mask"/> [N, 1, H, W] (binary, same size).</summary>
    public static Tensor Apply(Tensor x, Tensor mask, Tensor foregroundGamma, Tensor foregroundBeta, Tensor backgroundGamma, Tensor backgroundBeta)
    {
        int n = x.Shape[0], channels = x.Shape[1], plane = x.Shape[2] * x.Shape[3];
        var stats = new PlaneStatistics[n * channels];
        var y = Tensor.Empty(x.Shape);
        ParallelRange.For(n * channels, 1, (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                int b = p / channels, c = p % channels;
                var values = x.Data.AsSpan(p * plane, plane);
                var m = mask.Data.AsSpan(b * plane, plane);
                var st = PlaneStatistics.Of(values, m);
                stats[p] = st;
                double af = 1 + foregroundGamma.Data[c], ab = 1 + backgroundGamma.Data[c];
                var output = y.Data.AsSpan(p * plane, plane);
                for (int i = 0; i < plane; i++)
                {
                    output[i] = m[i] > 0.5f
                        ? (float)(af * ((values[i] - st.MeanFore) / st.StdFore * st.StdBack + st.MeanBack) + foregroundBeta.Data[c])
                        : (float)(ab * (values[i] - st.MeanBack) / st.StdBack + backgroundBeta.Data[c]);
                }
            }
        });

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

                    // Upstream gradients of the normalized values, and of μ_B and s_B through the foreground.
                    double sumHb = 0, sumHbXb = 0, sumHf = 0, sumHfXf = 0, extraMeanBack = 0, extraStdBack = 0;
                    double dGammaF = 0, dBetaF = 0, dGammaB = 0, dBetaB = 0;
                    for (int i = 0; i < plane; i++)
                    {
                        if (m[i] > 0.5f)
                        {
                            double xf = (values[i] - st.MeanFore) / st.StdFore;
                            double h = g[i] * af * st.StdBack;          // ∂L/∂x̂_F
                            sumHf += h;
                            sumHfXf += h * xf;
                            extraMeanBack += g[i] * af;
                            extraStdBack += g[i] * af * xf;
                            dGammaF += g[i] * (xf * st.StdBack + st.MeanBack);
                            dBetaF += g[i];
                        }
                        else
                        {
                            double xb = (values[i] - st.MeanBack) / st.StdBack;
                            double h = g[i] * ab;                        // ∂L/∂x̂_B
                            sumHb += h;
                            sumHbXb += h * xb;
                            dGammaB += g[i] * xb;
                            dBetaB += g[i];
                        }
                    }
                    // Totals for each region's mean and std: direct x̂ terms plus the foreground's use of μ_B, s_B.
                    double gMeanBack = extraMeanBack - sumHb / st.StdBack;
                    double gStdBack = extraStdBack - sumHbXb / st.StdBack;
                    double gMeanFore = -sumHf / st.StdFore;
                    double gStdFore = -sumHfXf / st.StdFore;

                    var dx = gx.Data.AsSpan(p * plane, plane);
                    for (int i = 0; i < plane; i++)
                    {
                        bool fore = m[i] > 0.5f;
                        double mean = fore ? st.MeanFore : st.MeanBack, std = fore ? st.StdFore : st.StdBack;
                        double count = (fore ? st.CountFore : st.CountBack) + Eps;
                        double deviationSum = fore ? st.DeviationSumFore : st.DeviationSumBack;
                        double h = fore ? g[i] * af * st.StdBack : g[i] * ab;
                        double dStd = ((values[i] - mean) - deviationSum / count) / (count * std);
                        dx[i] = (float)(h / std + (fore ? gMeanFore : gMeanBack) / count + (fore ? gStdFore : gStdBack) * dStd);
                    }
                    planeGrads[p, 0] = dGammaF;
                    planeGrads[p, 1] = dBetaF;
                    planeGrads[p, 2] = dGammaB;
                    planeGrads[p, 3] = dBetaB;
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

    /// <summary>Region statistics of one plane, in double, with RAIN's ε in the counts and the variance.</summary>
    private readonly record struct PlaneStatistics(
        double CountFore, double CountBack, double MeanFore, double MeanBack, double StdFore, double StdBack,
        double DeviationSumFore, double DeviationSumBack)
    {
        public static PlaneStatistics Of(ReadOnlySpan<float> x, ReadOnlySpan<float> m)
        {
            double sumFore = 0, sumBack = 0, countFore = 0;
            for (int i = 0; i < x.Length; i++)
            {
                if (m[i] > 0.5f) { sumFore += x[i]; countFore++; }
                else sumBack += x[i];
            }
            double countBack = x.Length - countFore;
            double meanFore = sumFore / (countFore + Eps), meanBack = sumBack / (countBack + Eps);
            double ssFore = 0, ssBack = 0, devFore = 0, devBack = 0;
            for (int i = 0; i < x.Length; i++)
            {
                if (m[i] > 0.5f) { double d = x[i] - meanFore; ssFore += d * d; devFore += d; }
                else { double d = x[i] - meanBack; ssBack += d * d; devBack += d; }
            }
            return new PlaneStatistics(countFore, countBack, meanFore, meanBack,
                Math.Sqrt(ssFore / (countFore + Eps) + Eps), Math.Sqrt(ssBack / (countBack + Eps) + Eps), devFore, devBack);
        }
    }
}
