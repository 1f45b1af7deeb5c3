using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Backward;

/// <summary>Gradients of the elementwise ops, including the sums back to broadcast operands' shapes.</summary>
public class ElementwiseGradientTests
{
    public static TheoryData<int[], int[]> BroadcastShapes => new()
    {
        { new[] { 3, 4 }, new[] { 3, 4 } },
        { Array.Empty<int>(), new[] { 2, 3 } },
        { new[] { 3, 1, 1 }, new[] { 2, 3, 2, 3 } },
        { new[] { 1, 5 }, new[] { 4, 1 } },
        { new[] { 5 }, new[] { 2, 3, 5 } },
        { new[] { 2, 1, 4 }, new[] { 3, 1 } },
    };

    public static IEnumerable<object[]> OpsAndShapes()
    {
        foreach (var op in new[] { "add", "sub", "mul", "div", "minimum", "maximum" })
            foreach (var row in BroadcastShapes)
            {
                yield return [op, row[0], row[1]];
                if (!((int[])row[0]).SequenceEqual((int[])row[1])) yield return [op, row[1], row[0]];
            }
    }

    [Theory]
    [MemberData(nameof(OpsAndShapes))]
    public void BinaryOpGradientsSumBackToEachOperandsShape(string op, int[] shapeA, int[] shapeB)
    {
        var rng = new System.Random(TestData.SeedOf("grad", op, shapeA, shapeB));
        Tensor a, b;
        if (op is "minimum" or "maximum")
        {
            // Every pair that meets differs by far more than eps, so the winner never flips.
            int na = Indexing.Count(shapeA);
            var pool = TestData.Distinct(rng, [na + Indexing.Count(shapeB)], gap: 0.1);
            a = Tensor.FromArray(pool.Data[..na], shapeA);
            b = Tensor.FromArray(pool.Data[na..], shapeB);
        }
        else
        {
            a = TestData.Uniform(rng, shapeA, -2, 2);
            b = op == "div" ? TestData.AwayFrom(rng, shapeB, [0.0], 0.5, -2, 2) : TestData.Uniform(rng, shapeB, -2, 2);
        }
        Func<Tensor[], Tensor> f = op switch
        {
            "add" => xs => Add(xs[0], xs[1]),
            "sub" => xs => Sub(xs[0], xs[1]),
            "mul" => xs => Mul(xs[0], xs[1]),
            "div" => xs => Div(xs[0], xs[1]),
            "minimum" => xs => Minimum(xs[0], xs[1]),
            _ => xs => Maximum(xs[0], xs[1]),
        };
        GradientCheck.Check(f, [a, b]);
    }

    [Fact]
    public void OperatorsAndScalarFormsDifferentiate()
    {
        var x = TestData.AwayFrom(new System.Random(3), [3, 5], [0.0], 0.4, -2, 2);
        var y = TestData.Uniform(new System.Random(4), [5], -2, 2);
        GradientCheck.Check(xs => xs[0] + xs[1] - xs[1] * xs[0] / 2.5f, [x, y]);
        GradientCheck.Check(xs => Add(xs[0], 1.5f), [x]);
        GradientCheck.Check(xs => Mul(xs[0], -2.25f), [x]);
        GradientCheck.Check(xs => RSub(0.75f, xs[0]), [x]);
        GradientCheck.Check(xs => RDiv(1.5f, xs[0]), [x]);
        GradientCheck.Check(xs => 3f - xs[0] * 2f + 1f / xs[0] - xs[0] / 4f, [x]);
        GradientCheck.Check(xs => xs[1] / xs[0], [x, y]);
    }

    [Fact]
    public void MinimumAndMaximumSplitTheGradientOnTies()
    {
        var a = Tensor.FromArray([1f, 2f, 3f], 3);
        var b = Tensor.FromArray([1f, 5f, 0f], 3);
        foreach (var maximum in new[] { false, true })
        {
            a.Grad = null; b.Grad = null;
            a.RequiresGrad = b.RequiresGrad = true;
            var y = maximum ? Maximum(a, b) : Minimum(a, b);
            y.Backward(Tensor.FromArray([10f, 10f, 10f], 3));
            Assert.Equal(maximum ? [5f, 0f, 10f] : [5f, 10f, 0f], a.Grad!.Data);
            Assert.Equal(maximum ? [5f, 10f, 0f] : [5f, 0f, 10f], b.Grad!.Data);
        }
    }

    [Fact]
    public void ExpandGradientSumsOverTheCopies()
        => GradientCheck.Check(xs => Mul(Expand(xs[0], [2, 3, 4, 5]), Tensor.FromArray(Enumerable.Range(0, 120).Select(i => (float)Math.Sin(i)).ToArray(), 2, 3, 4, 5)),
            [TestData.Uniform(new System.Random(5), [3, 1, 5])]);

    public static IEnumerable<object[]> UnaryOps() => new[]
    {
        "neg", "pow2", "pow3", "pow0.5", "pow-1.5", "sqrt", "exp", "log", "abs", "clamp", "clamp_min", "clamp_max",
    }.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(UnaryOps))]
    public void UnaryOpGradients(string op)
    {
        var rng = new System.Random(TestData.SeedOf("unary-grad", op));
        int[] shape = [2, 3, 7];
        // Inputs where the op is smooth: positive for roots and logs, away from the kinks of abs and clamp.
        var x = op switch
        {
            "pow0.5" or "pow-1.5" or "sqrt" or "log" => TestData.Uniform(rng, shape, 0.5, 2),
            "abs" => TestData.AwayFrom(rng, shape, [0.0], 0.1, -2, 2),
            "clamp" => TestData.AwayFrom(rng, shape, [-0.5, 1.0], 0.1, -2, 2),
            "clamp_min" => TestData.AwayFrom(rng, shape, [0.3], 0.1, -2, 2),
            "clamp_max" => TestData.AwayFrom(rng, shape, [-0.2], 0.1, -2, 2),
            _ => TestData.Uniform(rng, shape, -2, 2),
        };
        Func<Tensor[], Tensor> f = op switch
        {
            "neg" => xs => Neg(xs[0]),
            "pow2" => xs => Pow(xs[0], 2f),
            "pow3" => xs => Pow(xs[0], 3f),
            "pow0.5" => xs => Pow(xs[0], 0.5f),
            "pow-1.5" => xs => Pow(xs[0], -1.5f),
            "sqrt" => xs => Sqrt(xs[0]),
            "exp" => xs => Exp(xs[0]),
            "log" => xs => Log(xs[0]),
            "abs" => xs => Abs(xs[0]),
            "clamp" => xs => Clamp(xs[0], -0.5f, 1f),
            "clamp_min" => xs => Clamp(xs[0], min: 0.3f),
            _ => xs => Clamp(xs[0], max: -0.2f),
        };
        GradientCheck.Check(f, [x]);
    }

    [Fact]
    public void AbsGradientIsZeroAtZeroAndAtNaN()
    {
        // Regression: MathF.Sign throws ArithmeticException on NaN, which aborted the backward pass.
        var x = Tensor.FromArray([-2f, 0f, float.NaN, 3f], 4);
        x.RequiresGrad = true;
        Abs(x).Backward(Tensor.Ones(4));
        Assert.Equal([-1f, 0f, 0f, 1f], x.Grad!.Data);
    }

    [Fact]
    public void PowWithExponentZeroHasZeroGradientEverywhere()
    {
        // Regression: 0·0^(−1) gave NaN at x = 0; PyTorch defines the gradient of x^0 as 0.
        var x = Tensor.FromArray([0f, 2f, -1f], 3);
        x.RequiresGrad = true;
        Pow(x, 0f).Backward(Tensor.Ones(3));
        Assert.Equal([0f, 0f, 0f], x.Grad!.Data);
    }

    [Fact]
    public void ClampPassesTheGradientAtTheBoundsLikePyTorch()
    {
        var x = Tensor.FromArray([-1f, 0f, 0.5f, 1f, 2f], 5);
        x.RequiresGrad = true;
        Clamp(x, 0f, 1f).Backward(Tensor.Ones(5));
        Assert.Equal([0f, 1f, 1f, 1f, 0f], x.Grad!.Data);
    }
}
