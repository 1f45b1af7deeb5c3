namespace Harmonia.Tensors.Tests.Support;

/// <summary>Float64 special functions for references, independent of the engine's approximations.</summary>
internal static class ReferenceMath
{
    /// <summary>
    /// erf by its Maclaurin series, summed until the terms vanish. Exact to ~1e-12 for
    /// |x| ≤ 3 (cancellation costs a few digits) and exactly ±1 in double beyond 6.
    /// </summary>
    public static double Erf(double x)
    {
        if (x > 6) return 1;
        if (x < -6) return -1;
        double sum = 0, power = x; // power = (−1)^n x^(2n+1) / n!
        for (int n = 0; n < 200; n++)
        {
            double term = power / (2 * n + 1);
            sum += term;
            if (Math.Abs(term) < 1e-17 * Math.Abs(sum)) break;
            power *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    /// <summary>GELU, exact form: x·Φ(x).</summary>
    public static double Gelu(double x) => x * 0.5 * (1 + Erf(x / Math.Sqrt(2)));
}
