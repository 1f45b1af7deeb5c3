using Harmonia.Tensors;

namespace Harmonia.Tensors.Tests.Support;

/// <summary>
/// Compares autograd gradients with central finite differences. The scalar under test is the
/// random linear probe L = Σ f(inputs) ⊙ probe, so every output element's gradient matters and
/// a mistake in any of them shows. L is summed in float64 from the float32 outputs, which keeps
/// the finite-difference noise near float32 rounding of the outputs themselves.
/// </summary>
internal static class GradientCheck
{
    /// <summary>How far one input element's autograd gradient is from the finite-difference estimate.</summary>
    public readonly record struct Mismatch(int Input, int Element, double Analytic, double Numeric);

    /// <summary>
    /// Asserts that autograd through <paramref name="f"/> matches finite differences for every
    /// element of every input, within |analytic − numeric| ≤ atol + rtol·|numeric|.
    /// Pick inputs away from kinks (relu at 0, ties of max) by more than <paramref name="eps"/>.
    /// </summary>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-2, double atol = 1e-3, double rtol = 1e-2, int probeSeed = 12345)
    {
        var mismatches = Compare(f, f, inputs, eps, atol, rtol, probeSeed);
        if (mismatches.Count > 0)
        {
            var m = mismatches[0];
            Assert.Fail($"{mismatches.Count} gradient element(s) wrong; first: input {m.Input} element {m.Element}: autograd {m.Analytic:G6}, finite difference {m.Numeric:G6}.");
        }
    }

    /// <summary>
    /// The elements where autograd through <paramref name="differentiated"/> disagrees with finite
    /// differences of <paramref name="evaluated"/> (normally the same function; a test of this
    /// checker passes two that compute the same values but differentiate differently).
    /// </summary>
    public static List<Mismatch> Compare(Func<Tensor[], Tensor> evaluated, Func<Tensor[], Tensor> differentiated, Tensor[] inputs,
        double eps, double atol, double rtol, int probeSeed)
    {
        var analytic = Analytic(differentiated, inputs, probeSeed, out var probe);
        var numeric = Enumerable.Range(0, inputs.Length).Select(k => Numeric(evaluated, inputs, k, probe, eps)).ToArray();
        return FindMismatches(analytic, numeric, atol, rtol);
    }

    /// <summary>The elements where |analytic − numeric| &gt; atol + rtol·|numeric| (NaN always counts).</summary>
    public static List<Mismatch> FindMismatches(float[][] analytic, double[][] numeric, double atol, double rtol)
    {
        var mismatches = new List<Mismatch>();
        for (int k = 0; k < numeric.Length; k++)
            for (int i = 0; i < numeric[k].Length; i++)
            {
                double a = analytic[k][i], n = numeric[k][i];
                if (!(Math.Abs(a - n) <= atol + rtol * Math.Abs(n))) mismatches.Add(new Mismatch(k, i, a, n));
            }
        return mismatches;
    }

    /// <summary>Autograd's d L / d input for each input (zeros where no gradient arrived).</summary>
    public static float[][] Analytic(Func<Tensor[], Tensor> f, Tensor[] inputs, int probeSeed, out float[] probe)
    {
        var leaves = inputs.Select(t => Tensor.FromArray(t.ToArray(), t.Shape)).ToArray();
        foreach (var leaf in leaves) leaf.RequiresGrad = true;
        var y = f(leaves);
        var rng = new System.Random(probeSeed);
        probe = Enumerable.Range(0, y.Numel).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var loss = Functional.Sum(Functional.Mul(y, Tensor.FromArray(probe, y.Shape)));
        loss.Backward();
        return leaves.Select(l => l.Grad?.ToArray() ?? new float[l.Numel]).ToArray();
    }

    /// <summary>Central differences of L with respect to every element of input <paramref name="which"/>.</summary>
    public static double[] Numeric(Func<Tensor[], Tensor> f, Tensor[] inputs, int which, float[] probe, double eps)
    {
        var values = inputs.Select(t => t.ToArray()).ToArray();
        var gradient = new double[values[which].Length];
        for (int i = 0; i < gradient.Length; i++)
        {
            float original = values[which][i];
            values[which][i] = (float)(original + eps);
            // The perturbation actually applied is what float32 could represent.
            double up = values[which][i];
            double lossUp = Loss(f, values, inputs, probe);
            values[which][i] = (float)(original - eps);
            double down = values[which][i];
            double lossDown = Loss(f, values, inputs, probe);
            values[which][i] = original;
            gradient[i] = (lossUp - lossDown) / (up - down);
        }
        return gradient;
    }

    private static double Loss(Func<Tensor[], Tensor> f, float[][] values, Tensor[] like, float[] probe)
    {
        var args = values.Select((v, k) => Tensor.FromArray((float[])v.Clone(), like[k].Shape)).ToArray();
        var y = f(args);
        double sum = 0;
        for (int i = 0; i < y.Numel; i++) sum += (double)y.Data[i] * probe[i];
        return sum;
    }
}
