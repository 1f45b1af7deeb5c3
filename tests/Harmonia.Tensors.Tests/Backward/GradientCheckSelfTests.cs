using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Backward;

/// <summary>
/// Tests of the finite-difference checker itself: it must accept a correct gradient and reject
/// wrong ones, including an error of a few percent in a single element, at the default tolerances.
/// </summary>
public class GradientCheckSelfTests
{
    private static Tensor[] Inputs() => [TestData.Uniform(new System.Random(1), [3, 5], 0.5, 1.5)];

    [Fact]
    public void AcceptsACorrectGradient()
        => GradientCheck.Check(xs => Mul(xs[0], xs[0]), Inputs());

    [Fact]
    public void RejectsAGradientMissingAProductRuleTerm()
    {
        // Same values, but autograd sees x·const: gradient x instead of 2x.
        var mismatches = GradientCheck.Compare(xs => Mul(xs[0], xs[0]), xs => Mul(xs[0], xs[0].Detach()), Inputs(),
            eps: 1e-2, atol: 1e-3, rtol: 1e-2, probeSeed: 12345);
        Assert.Equal(15, mismatches.Count);
        Assert.Throws<Xunit.Sdk.FailException>(() => GradientCheck.Check(xs => Mul(xs[0], xs[0].Detach()), Inputs()));
    }

    [Fact]
    public void RejectsAThreePercentErrorInOneElement()
    {
        Func<Tensor[], Tensor> f = xs => Tanh(Mul(xs[0], 1.3f));
        var inputs = Inputs();
        var analytic = GradientCheck.Analytic(f, inputs, 7, out var probe);
        var numeric = new[] { GradientCheck.Numeric(f, inputs, 0, probe, 1e-2) };
        Assert.Empty(GradientCheck.FindMismatches(analytic, numeric, 1e-3, 1e-2));

        int largest = Enumerable.Range(0, 15).MaxBy(i => Math.Abs(analytic[0][i]));
        analytic[0][largest] *= 1.03f;
        var mismatch = Assert.Single(GradientCheck.FindMismatches(analytic, numeric, 1e-3, 1e-2));
        Assert.Equal(largest, mismatch.Element);
    }
}
