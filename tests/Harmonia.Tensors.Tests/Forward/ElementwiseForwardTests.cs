using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Forward;

/// <summary>Binary (broadcasting), scalar and unary elementwise ops against float64 reference loops.</summary>
public class ElementwiseForwardTests
{
    /// <summary>Shape pairs covering every broadcasting case the models use, plus odd sizes and rank mismatch.</summary>
    public static TheoryData<int[], int[]> BroadcastShapes => new()
    {
        { new[] { 3, 5, 7 }, new[] { 3, 5, 7 } },              // same shape, odd sizes
        { new[] { 2, 3, 17, 19 }, new[] { 2, 3, 17, 19 } },    // long rows: SIMD body and tail
        { Array.Empty<int>(), new[] { 2, 3, 4 } },             // 0-d scalar tensor
        { new[] { 1 }, new[] { 2, 3, 4 } },                    // one-element tensor
        { new[] { 3, 1, 1 }, new[] { 2, 3, 5, 9 } },           // per-channel [C,1,1] vs [N,C,H,W]
        { new[] { 1, 11 }, new[] { 6, 1 } },                   // [1,W] vs [H,1] -> [H,W]
        { new[] { 13 }, new[] { 2, 3, 13 } },                  // rank mismatch, trailing match
        { new[] { 2, 1, 4 }, new[] { 3, 1 } },                 // both sides stretched
        { new[] { 2, 3, 1, 5 }, new[] { 1, 3, 4, 1 } },        // alternating broadcast axes
        { new[] { 2, 70_001 }, new[] { 2, 70_001 } },          // one coalesced row cut into pieces, odd tail
        { new[] { 70_003 }, new[] { 3, 1 } },                  // rows longer than a piece, one side broadcast
    };

    public static IEnumerable<object[]> OpsAndShapes()
    {
        foreach (var op in new[] { "add", "sub", "mul", "div", "minimum", "maximum", "op+", "op-", "op*", "op/" })
            foreach (var row in BroadcastShapes)
            {
                yield return [op, row[0], row[1]];
                if (!((int[])row[0]).SequenceEqual((int[])row[1])) yield return [op, row[1], row[0]];
            }
    }

    [Theory]
    [MemberData(nameof(OpsAndShapes))]
    public void BinaryOpBroadcastsLikeNumPy(string op, int[] shapeA, int[] shapeB)
    {
        var rng = new System.Random(TestData.SeedOf(op, shapeA, shapeB));
        var a = TestData.Uniform(rng, shapeA, -2, 2);
        // Divisors away from zero; a few exact ties for minimum/maximum.
        var b = op is "div" or "op/" ? TestData.AwayFrom(rng, shapeB, [0.0], 0.25, -2, 2) : TestData.Uniform(rng, shapeB, -2, 2);
        if (op is "minimum" or "maximum" && a.Numel > 0 && b.Numel > 0) b.Data[0] = a.Data[0];

        Tensor y = op switch
        {
            "add" => Add(a, b), "sub" => Sub(a, b), "mul" => Mul(a, b), "div" => Div(a, b),
            "minimum" => Minimum(a, b), "maximum" => Maximum(a, b),
            "op+" => a + b, "op-" => a - b, "op*" => a * b, "op/" => a / b,
            _ => throw new ArgumentException(op),
        };
        Func<double, double, double> reference = op switch
        {
            "add" or "op+" => (p, q) => p + q,
            "sub" or "op-" => (p, q) => p - q,
            "mul" or "op*" => (p, q) => p * q,
            "div" or "op/" => (p, q) => p / q,
            "minimum" => Math.Min,
            _ => Math.Max,
        };

        var outShape = ReferenceBroadcastShape(shapeA, shapeB);
        var expected = new double[Indexing.Count(outShape)];
        for (int i = 0; i < expected.Length; i++)
        {
            var coords = Indexing.Unravel(i, outShape);
            expected[i] = reference(a.Data[Indexing.BroadcastSource(coords, shapeA)], b.Data[Indexing.BroadcastSource(coords, shapeB)]);
        }
        TensorAssert.Close(outShape, expected, y, atol: 1e-6, rtol: 1e-6);
    }

    [Theory]
    [InlineData(3)]    // scalar loop only
    [InlineData(19)]   // vector body and scalar tail
    public void MinimumAndMaximumPropagateNaNFromEitherSide(int length)
    {
        // Regression: a NaN in the first operand used to be dropped (NaN < b is false, so b won).
        var a = Tensor.FromArray(Enumerable.Range(0, length).Select(i => i % 3 == 0 ? float.NaN : i).ToArray(), length);
        var b = Tensor.FromArray(Enumerable.Range(0, length).Select(i => i % 3 == 1 ? float.NaN : 1.5f).ToArray(), length);
        foreach (var y in new[] { Minimum(a, b), Maximum(a, b), Minimum(b, a), Maximum(b, a) })
            for (int i = 0; i < length; i++)
                Assert.Equal(i % 3 != 2, float.IsNaN(y.Data[i]));
    }

    [Theory]
    [InlineData(new[] { 3 }, new[] { 4 })]
    [InlineData(new[] { 2, 3 }, new[] { 3, 2 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { 5, 4 })]
    public void IncompatibleShapesAreRejectedWithBothShapesNamed(int[] shapeA, int[] shapeB)
    {
        var ex = Assert.Throws<ArgumentException>(() => Add(Tensor.Zeros(shapeA), Tensor.Zeros(shapeB)));
        Assert.Contains(ShapeMath.Format(shapeA), ex.Message);
        Assert.Contains(ShapeMath.Format(shapeB), ex.Message);
    }

    [Fact]
    public void ScalarFormsMatchTheirDefinitions()
    {
        var rng = new System.Random(7);
        var x = TestData.AwayFrom(rng, [2, 3, 5, 7], [0.0], 0.2, -3, 3);
        const float c = 1.75f;
        var cases = new (string Name, Tensor Actual, Func<double, double> Reference)[]
        {
            ("Add(x, c)", Add(x, c), v => v + c),
            ("Mul(x, c)", Mul(x, c), v => v * c),
            ("RSub(c, x)", RSub(c, x), v => c - v),
            ("RDiv(c, x)", RDiv(c, x), v => c / v),
            ("x + c", x + c, v => v + c),
            ("c + x", c + x, v => c + v),
            ("x - c", x - c, v => v - c),
            ("c - x", c - x, v => c - v),
            ("x * c", x * c, v => v * c),
            ("c * x", c * x, v => c * v),
            ("x / c", x / c, v => v / c),
            ("c / x", c / x, v => c / v),
            ("-x", -x, v => -v),
        };
        foreach (var (name, actual, reference) in cases)
        {
            var expected = x.Data.Select(v => reference(v)).ToArray();
            try { TensorAssert.Close(x.Shape, expected, actual, atol: 1e-6, rtol: 1e-6); }
            catch (Exception e) { throw new Xunit.Sdk.XunitException($"{name}: {e.Message}"); }
        }
    }

    public static IEnumerable<object[]> UnaryOps()
    {
        // name, low, high of the input range where the op is defined and well behaved
        yield return ["neg", -3.0, 3.0];
        yield return ["pow2", -3.0, 3.0];
        yield return ["pow3", -2.0, 2.0];
        yield return ["pow0.5", 0.1, 4.0];
        yield return ["pow-1.5", 0.2, 4.0];
        yield return ["sqrt", 0.0, 9.0];
        yield return ["exp", -5.0, 5.0];
        yield return ["log", 0.01, 10.0];
        yield return ["abs", -3.0, 3.0];
        yield return ["clamp", -3.0, 3.0];
        yield return ["clamp_min", -3.0, 3.0];
        yield return ["clamp_max", -3.0, 3.0];
    }

    [Theory]
    [MemberData(nameof(UnaryOps))]
    public void UnaryOpMatchesReference(string op, double low, double high)
    {
        var rng = new System.Random(TestData.SeedOf(op));
        var x = TestData.Uniform(rng, [3, 2, 9, 11], low, high);
        var (y, reference) = op switch
        {
            "neg" => (Neg(x), (Func<double, double>)(v => -v)),
            "pow2" => (Pow(x, 2f), v => v * v),
            "pow3" => (Pow(x, 3f), v => v * v * v),
            "pow0.5" => (Pow(x, 0.5f), Math.Sqrt),
            "pow-1.5" => (Pow(x, -1.5f), v => Math.Pow(v, -1.5)),
            "sqrt" => (Sqrt(x), Math.Sqrt),
            "exp" => (Exp(x), Math.Exp),
            "log" => (Log(x), Math.Log),
            "abs" => (Abs(x), Math.Abs),
            "clamp" => (Clamp(x, -0.5f, 1.25f), v => Math.Min(Math.Max(v, -0.5), 1.25)),
            "clamp_min" => (Clamp(x, min: 0.3f), v => Math.Max(v, 0.3)),
            "clamp_max" => (Clamp(x, max: -0.7f), v => Math.Min(v, -0.7)),
            _ => throw new ArgumentException(op),
        };
        TensorAssert.Close(x.Shape, x.Data.Select(v => reference(v)).ToArray(), y, atol: 1e-6, rtol: 3e-6);
    }

    [Fact]
    public void ExpandCopiesAlongStretchedAxes()
    {
        var rng = new System.Random(3);
        var x = TestData.Uniform(rng, [3, 1, 5]);
        int[] target = [2, 3, 4, 5];
        var y = Expand(x, target);
        var expected = new double[Indexing.Count(target)];
        for (int i = 0; i < expected.Length; i++) expected[i] = x.Data[Indexing.BroadcastSource(Indexing.Unravel(i, target), x.Shape)];
        TensorAssert.Close(target, expected, y, atol: 0, rtol: 0);
    }

    [Fact]
    public void ExpandRejectsShapesItCannotReach()
    {
        Assert.Throws<ArgumentException>(() => Expand(Tensor.Zeros(3, 2), [3, 4]));
        Assert.Throws<ArgumentException>(() => Expand(Tensor.Zeros(2, 3), [3]));
    }

    internal static int[] ReferenceBroadcastShape(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            int db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            shape[i] = Math.Max(da, db);
        }
        return shape;
    }
}
