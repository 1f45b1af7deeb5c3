using System.Runtime.Intrinsics;

namespace Harmonia.Models.Hdnet;

/// <summary>
/// Region statistics of one (sample, channel) plane split by a binary mask into foreground
/// (mask 1) and background, in double precision with RAIN's ε in the counts and the variance:
/// mean = Σx / (count + ε), std = √(Σ(x − mean)² / (count + ε) + ε). The deviation sums Σ(x − mean)
/// (zero but for rounding and ε) are kept because RAIN's backward pass uses them.
/// </summary>
internal readonly record struct RainRegions(
    double CountFore, double CountBack, double MeanFore, double MeanBack, double StdFore, double StdBack,
    double DeviationSumFore, double DeviationSumBack)
{
    /// <summary>RAIN's ε.</summary>
    public const double Eps = 1e-5;

    /// <summary>The statistics of plane <paramref name="x"/> under the binary mask <paramref name="m"/>; eight values per step, summed in double.</summary>
    /// <remarks>
    /// The deviations are taken in float from the means rounded to float (half the work of widening
    /// every value first), and the sums are then moved to the double means exactly:
    /// Σ(x − μ) = Σ(x − μ′) − nδ and Σ(x − μ)² = Σ(x − μ′)² − 2δΣ(x − μ′) + nδ², with δ = μ − μ′.
    /// </remarks>
    public static RainRegions Of(ReadOnlySpan<float> x, ReadOnlySpan<float> m)
    {
        var half = Vector256.Create(0.5f);
        var all = Vector256<double>.Zero;
        var fore = Vector256<double>.Zero;
        var count = Vector256<float>.Zero;   // exact: whole numbers below 2^24 (planes have at most 4M pixels)
        int i = 0;
        for (; i + 8 <= x.Length; i += 8)
        {
            var v = Vector256.Create(x.Slice(i, 8));
            var mask = Vector256.Create(m.Slice(i, 8));
            var (lo, hi) = Vector256.Widen(v);
            var (foreLo, foreHi) = Vector256.Widen(v * mask);
            all += lo + hi;
            fore += foreLo + foreHi;
            count += mask;
        }
        double sumAll = Vector256.Sum(all), sumFore = Vector256.Sum(fore), countFore = Vector256.Sum(count);
        for (; i < x.Length; i++)
        {
            sumAll += x[i];
            if (m[i] > 0.5f) { sumFore += x[i]; countFore++; }
        }
        double countBack = x.Length - countFore, sumBack = sumAll - sumFore;
        double meanFore = sumFore / (countFore + Eps), meanBack = sumBack / (countBack + Eps);

        float meanForeF = (float)meanFore, meanBackF = (float)meanBack;
        var mf = Vector256.Create(meanForeF);
        var mb = Vector256.Create(meanBackF);
        var ssFore = Vector256<double>.Zero;
        var ssBack = Vector256<double>.Zero;
        var devFore = Vector256<double>.Zero;
        var devBack = Vector256<double>.Zero;
        for (i = 0; i + 8 <= x.Length; i += 8)
        {
            var v = Vector256.Create(x.Slice(i, 8));
            var isFore = Vector256.GreaterThan(Vector256.Create(m.Slice(i, 8)), half);
            var d = v - Vector256.ConditionalSelect(isFore, mf, mb);
            var df = Vector256.ConditionalSelect(isFore, d, Vector256<float>.Zero);
            var (fLo, fHi) = Vector256.Widen(df);
            var (bLo, bHi) = Vector256.Widen(d - df);
            ssFore += fLo * fLo + fHi * fHi;
            ssBack += bLo * bLo + bHi * bHi;
            devFore += fLo + fHi;
            devBack += bLo + bHi;
        }
        double sf = Vector256.Sum(ssFore), sb = Vector256.Sum(ssBack), df1 = Vector256.Sum(devFore), db1 = Vector256.Sum(devBack);
        for (; i < x.Length; i++)
        {
            if (m[i] > 0.5f) { double d = x[i] - meanForeF; sf += d * d; df1 += d; }
            else { double d = x[i] - meanBackF; sb += d * d; db1 += d; }
        }
        // From the float means to the double ones.
        double deltaFore = meanFore - meanForeF, deltaBack = meanBack - meanBackF;
        sf += -2 * deltaFore * df1 + countFore * deltaFore * deltaFore;
        sb += -2 * deltaBack * db1 + countBack * deltaBack * deltaBack;
        df1 -= countFore * deltaFore;
        db1 -= countBack * deltaBack;
        return new RainRegions(countFore, countBack, meanFore, meanBack,
            Math.Sqrt(Math.Max(sf, 0) / (countFore + Eps) + Eps), Math.Sqrt(Math.Max(sb, 0) / (countBack + Eps) + Eps), df1, db1);
    }

    /// <summary>
    /// The sums RAIN's backward pass needs from one plane, in double, for a binary mask m: Σg·m, Σg,
    /// Σg·x·m and Σg·x (each region's part follows as foreground and total minus foreground), in one
    /// pass of eight values per step.
    /// </summary>
    public static (double GFore, double GAll, double GxFore, double GxAll) GradientSums(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> m)
    {
        var gFore = Vector256<double>.Zero;
        var gAll = Vector256<double>.Zero;
        var gxFore = Vector256<double>.Zero;
        var gxAll = Vector256<double>.Zero;
        int i = 0;
        for (; i + 8 <= g.Length; i += 8)
        {
            var (gLow, gHigh) = Vector256.Widen(Vector256.Create(g.Slice(i, 8)));
            var (xLow, xHigh) = Vector256.Widen(Vector256.Create(x.Slice(i, 8)));
            var (mLow, mHigh) = Vector256.Widen(Vector256.Create(m.Slice(i, 8)));
            var gxLow = gLow * xLow;
            var gxHigh = gHigh * xHigh;
            gFore += gLow * mLow + gHigh * mHigh;
            gAll += gLow + gHigh;
            gxFore += gxLow * mLow + gxHigh * mHigh;
            gxAll += gxLow + gxHigh;
        }
        double sumGFore = Vector256.Sum(gFore), sumG = Vector256.Sum(gAll), sumGxFore = Vector256.Sum(gxFore), sumGx = Vector256.Sum(gxAll);
        for (; i < g.Length; i++)
        {
            double gx = (double)g[i] * x[i];
            sumGFore += (double)g[i] * m[i];
            sumG += g[i];
            sumGxFore += gx * m[i];
            sumGx += gx;
        }
        return (sumGFore, sumG, sumGxFore, sumGx);
    }

    /// <summary><c>y = x·aFore + bFore</c> where the mask is 1 and <c>x·aBack + bBack</c> elsewhere, in float.</summary>
    public static void SelectAffine(ReadOnlySpan<float> x, ReadOnlySpan<float> m, float aFore, float bFore, float aBack, float bBack, Span<float> y)
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
            var result = Vector256.ConditionalSelect(isFore, v * af + bf, v * ab + bb);
            result.CopyTo(y.Slice(i, 8));
        }
        for (; i < x.Length; i++) y[i] = m[i] > 0.5f ? x[i] * aFore + bFore : x[i] * aBack + bBack;
    }

    /// <summary>
    /// <c>y = g·k1 + x·k2 + k3</c> with per-region constants (foreground where the mask is 1),
    /// computed in double and rounded once; RAIN's input gradient has this form.
    /// </summary>
    public static void SelectLinear(ReadOnlySpan<float> g, ReadOnlySpan<float> x, ReadOnlySpan<float> m,
        (double K1, double K2, double K3) fore, (double K1, double K2, double K3) back, Span<float> y)
    {
        var f1 = Vector256.Create(fore.K1); var f2 = Vector256.Create(fore.K2); var f3 = Vector256.Create(fore.K3);
        var b1 = Vector256.Create(back.K1); var b2 = Vector256.Create(back.K2); var b3 = Vector256.Create(back.K3);
        int i = 0;
        for (; i + 8 <= x.Length; i += 8)
        {
            var (gLow, gHigh) = Vector256.Widen(Vector256.Create(g.Slice(i, 8)));
            var (xLow, xHigh) = Vector256.Widen(Vector256.Create(x.Slice(i, 8)));
            var (mLow, mHigh) = Vector256.Widen(Vector256.Create(m.Slice(i, 8)));
            var low = Linear(gLow, xLow, mLow);
            var high = Linear(gHigh, xHigh, mHigh);
            Vector256.Narrow(low, high).CopyTo(y.Slice(i, 8));
        }
        for (; i < x.Length; i++)
        {
            var k = m[i] > 0.5f ? fore : back;
            y[i] = (float)(g[i] * k.K1 + x[i] * k.K2 + k.K3);
        }

        Vector256<double> Linear(Vector256<double> gv, Vector256<double> xv, Vector256<double> mv)
        {
            var isFore = Vector256.GreaterThan(mv, Vector256.Create(0.5));
            return gv * Vector256.ConditionalSelect(isFore, f1, b1) + xv * Vector256.ConditionalSelect(isFore, f2, b2)
                + Vector256.ConditionalSelect(isFore, f3, b3);
        }
    }
}
