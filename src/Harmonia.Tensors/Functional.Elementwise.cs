using System.Numerics.Tensors;
using Harmonia.Tensors.Kernels;

namespace Harmonia.Tensors;

/// <summary>
/// The engine's ops, named and defined like PyTorch's <c>torch</c> / <c>torch.nn.functional</c>.
/// Each op computes its output with a kernel and, next to it, records its backward rule.
/// Write <c>using static Harmonia.Tensors.Functional;</c> to call them unqualified.
/// </summary>
public static partial class Functional
{
    // ------------------------------------------------------------ binary, broadcasting

    /// <summary>a + b, broadcasting.</summary>
    public static Tensor Add(Tensor a, Tensor b)
    {
        var y = BroadcastBinary<AddOp>(a, b);
        return Autograd.Record("add", y, [a, b], gy =>
        {
            a.AccumulateGrad(SumToShape(gy, a.Shape));
            b.AccumulateGrad(SumToShape(gy, b.Shape));
        });
    }

    /// <summary>a − b, broadcasting.</summary>
    public static Tensor Sub(Tensor a, Tensor b)
    {
        var y = BroadcastBinary<SubOp>(a, b);
        return Autograd.Record("sub", y, [a, b], gy =>
        {
            a.AccumulateGrad(SumToShape(gy, a.Shape));
            if (b.RequiresGrad) b.AccumulateGrad(SumToShape(Neg(gy), b.Shape));
        });
    }

    /// <summary>a · b elementwise, broadcasting.</summary>
    public static Tensor Mul(Tensor a, Tensor b)
    {
        var y = BroadcastBinary<MulOp>(a, b);
        return Autograd.Record("mul", y, [a, b], gy =>
        {
            if (a.RequiresGrad) a.AccumulateGrad(SumToShape(Mul(gy, b), a.Shape));
            if (b.RequiresGrad) b.AccumulateGrad(SumToShape(Mul(gy, a), b.Shape));
        });
    }

    /// <summary>a / b elementwise, broadcasting.</summary>
    public static Tensor Div(Tensor a, Tensor b)
    {
        var y = BroadcastBinary<DivOp>(a, b);
        return Autograd.Record("div", y, [a, b], gy =>
        {
            if (a.RequiresGrad) a.AccumulateGrad(SumToShape(Div(gy, b), a.Shape));
            // d(a/b)/db = −a/b² = −y/b
            if (b.RequiresGrad) b.AccumulateGrad(SumToShape(Neg(Div(Mul(gy, y), b)), b.Shape));
        });
    }

    /// <summary>Elementwise minimum, broadcasting. On ties the gradient is split in half, as in PyTorch.</summary>
    public static Tensor Minimum(Tensor a, Tensor b) => Extremum<MinOp>("minimum", a, b);

    /// <summary>Elementwise maximum, broadcasting. On ties the gradient is split in half, as in PyTorch.</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => Extremum<MaxOp>("maximum", a, b);

    private static Tensor Extremum<TOp>(string name, Tensor a, Tensor b) where TOp : struct, IBinaryOp
    {
        var y = BroadcastBinary<TOp>(a, b);
        return Autograd.Record(name, y, [a, b], gy =>
        {
            // Share of the gradient each side gets: 1 where it was chosen alone, ½ on a tie.
            var aa = Expand(a, y.Shape);
            var bb = Expand(b, y.Shape);
            var ga = Tensor.Empty(y.Shape);
            var gb = Tensor.Empty(y.Shape);
            float[] av = aa.Data, bv = bb.Data, yv = y.Data, gys = gy.Data, gas = ga.Data, gbs = gb.Data;
            ElementwiseLoops.ForChunks(y.Numel, (start, end) =>
            {
                for (int i = start; i < end; i++)
                {
                    float share = av[i] == bv[i] ? 0.5f : yv[i] == av[i] ? 1f : 0f;
                    gas[i] = gys[i] * share;
                    gbs[i] = gys[i] * (1f - share);
                }
            });
            a.AccumulateGrad(SumToShape(ga, a.Shape));
            b.AccumulateGrad(SumToShape(gb, b.Shape));
        });
    }

    private static Tensor BroadcastBinary<TOp>(Tensor a, Tensor b) where TOp : struct, IBinaryOp
    {
        var shape = ShapeMath.Broadcast(a.Shape, b.Shape);
        var y = Tensor.Empty(shape);
        if (y.Numel == 0) return y;
        ElementwiseLoops.Broadcast<TOp>(a.Data, ShapeMath.BroadcastStrides(a.Shape, shape), b.Data, ShapeMath.BroadcastStrides(b.Shape, shape), y.Data, shape);
        return y;
    }

    /// <summary>Copies <paramref name="x"/> broadcast to <paramref name="shape"/> (like PyTorch's <c>expand</c> followed by <c>contiguous</c>).</summary>
    public static Tensor Expand(Tensor x, ReadOnlySpan<int> shape)
    {
        var target = ShapeMath.Broadcast(x.Shape, shape);
        if (!ShapeMath.SameShape(target, shape))
            throw new ArgumentException($"Cannot expand {ShapeMath.Format(x.Shape)} to {ShapeMath.Format(shape)}.");
        if (ShapeMath.SameShape(x.Shape, shape)) return x;
        var zero = Tensor.Zeros(1);
        var y = Tensor.Empty(shape);
        ElementwiseLoops.Broadcast<AddOp>(x.Data, ShapeMath.BroadcastStrides(x.Shape, shape), zero.Data, new int[shape.Length], y.Data, shape);
        return Autograd.Record("expand", y, [x], gy => x.AccumulateGrad(SumToShape(gy, x.Shape)));
    }

    // ------------------------------------------------------------ with a scalar

    /// <summary>x + c.</summary>
    public static Tensor Add(Tensor x, float c)
    {
        var y = Tensor.Empty(x.Shape);
        ElementwiseLoops.Map(x.Data, y.Data, (xs, ys) => TensorPrimitives.Add(xs, c, ys));
        return Autograd.Record("add_scalar", y, [x], gy => x.AccumulateGrad(gy));
    }

    /// <summary>x · c.</summary>
    public static Tensor Mul(Tensor x, float c)
    {
        var y = Tensor.Empty(x.Shape);
        ElementwiseLoops.Map(x.Data, y.Data, (xs, ys) => TensorPrimitives.Multiply(xs, c, ys));
        return Autograd.Record("mul_scalar", y, [x], gy => x.AccumulateGrad(Mul(gy, c)));
    }

    /// <summary>c − x.</summary>
    public static Tensor RSub(float c, Tensor x) => Add(Neg(x), c);

    /// <summary>c / x.</summary>
    public static Tensor RDiv(float c, Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        ElementwiseLoops.Map(x.Data, y.Data, (xs, ys) => TensorPrimitives.Divide(c, xs, ys));
        // d(c/x)/dx = −c/x² = −y/x
        return Autograd.Record("rdiv", y, [x], gy => x.AccumulateGrad(Neg(Div(Mul(gy, y), x))));
    }

    /// <summary>−x.</summary>
    public static Tensor Neg(Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        ElementwiseLoops.Map(x.Data, y.Data, (xs, ys) => TensorPrimitives.Negate(xs, ys));
        return Autograd.Record("neg", y, [x], gy => x.AccumulateGrad(Neg(gy)));
    }

    // ------------------------------------------------------------ unary math

    /// <summary>x^p for a constant exponent p.</summary>
    public static Tensor Pow(Tensor x, float p)
    {
        var y = Tensor.Empty(x.Shape);
        if (p == 2f) ElementwiseLoops.Map(x.Data, y.Data, (xs, ys) => TensorPrimitives.Multiply(xs, xs, ys));
        else ElementwiseLoops.Map(x.Data, y.Data, (xs, ys) => { for (int i = 0; i < xs.Length; i++) ys[i] = MathF.Pow(xs[i], p); });
        return Autograd.Record("pow", y, [x], gy =>
        {
            // d(x^p)/dx = p·x^(p−1); for p = 0 exactly 0 (as PyTorch), not 0·x^−1 = NaN at x = 0.
            var g = Tensor.Empty(x.Shape);
            float[] gs = g.Data, gys = gy.Data, xs = x.Data;
            if (p == 0f) Array.Clear(gs);
            else if (p == 2f)
                ElementwiseLoops.Zip(xs, gys, gs, (xPart, gyPart, gPart) =>
                {
                    TensorPrimitives.Multiply(xPart, 2f, gPart);
                    TensorPrimitives.Multiply(gPart, gyPart, gPart);
                });
            else
                for (int i = 0; i < gs.Length; i++) gs[i] = gys[i] * (p * MathF.Pow(xs[i], p - 1f));
            x.AccumulateGrad(g);
        });
    }

    /// <summary>√x.</summary>
    public static Tensor Sqrt(Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        ElementwiseLoops.Map(x.Data, y.Data, (xs, ys) => TensorPrimitives.Sqrt(xs, ys));
        return Autograd.Record("sqrt", y, [x], gy => x.AccumulateGrad(Div(Mul(gy, 0.5f), y)));
    }

    /// <summary>eˣ.</summary>
    public static Tensor Exp(Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        ElementwiseLoops.Map(x.Data, y.Data, (xs, ys) => TensorPrimitives.Exp(xs, ys));
        return Autograd.Record("exp", y, [x], gy => x.AccumulateGrad(Mul(gy, y)));
    }

    /// <summary>Natural logarithm.</summary>
    public static Tensor Log(Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        ElementwiseLoops.Map(x.Data, y.Data, (xs, ys) => TensorPrimitives.Log(xs, ys));
        return Autograd.Record("log", y, [x], gy => x.AccumulateGrad(Div(gy, x)));
    }

    /// <summary>|x|; its gradient is sign(x), 0 at 0 and at NaN (as PyTorch's sign).</summary>
    public static Tensor Abs(Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        ElementwiseLoops.Map(x.Data, y.Data, (xs, ys) => TensorPrimitives.Abs(xs, ys));
        return Autograd.Record("abs", y, [x], gy =>
        {
            var g = Tensor.Empty(x.Shape);
            // Not MathF.Sign: it throws on NaN, which would abort a backward pass mid-graph.
            float[] xs = x.Data, gys = gy.Data, gs = g.Data;
            ElementwiseLoops.ForChunks(g.Numel, (start, end) =>
            {
                for (int i = start; i < end; i++)
                {
                    float v = xs[i];
                    gs[i] = gys[i] * (v > 0 ? 1f : v < 0 ? -1f : 0f);
                }
            });
            x.AccumulateGrad(g);
        });
    }

    /// <summary>x limited to [min, max]; the gradient passes where min ≤ x ≤ max, as in PyTorch.</summary>
    public static Tensor Clamp(Tensor x, float min = float.NegativeInfinity, float max = float.PositiveInfinity)
    {
        var y = Tensor.Empty(x.Shape);
        ElementwiseLoops.Map(x.Data, y.Data, (xs, ys) => TensorPrimitives.Clamp(xs, min, max, ys));
        return Autograd.Record("clamp", y, [x], gy =>
        {
            var g = Tensor.Empty(x.Shape);
            float[] xs = x.Data, gys = gy.Data, gs = g.Data;
            ElementwiseLoops.ForChunks(g.Numel, (start, end) =>
            {
                for (int i = start; i < end; i++) gs[i] = xs[i] >= min && xs[i] <= max ? gys[i] : 0f;
            });
            x.AccumulateGrad(g);
        });
    }
}

public sealed partial class Tensor
{
#pragma warning disable CS1591 // operators mirror the Functional ops they call
    public static Tensor operator +(Tensor a, Tensor b) => Functional.Add(a, b);
    public static Tensor operator -(Tensor a, Tensor b) => Functional.Sub(a, b);
    public static Tensor operator *(Tensor a, Tensor b) => Functional.Mul(a, b);
    public static Tensor operator /(Tensor a, Tensor b) => Functional.Div(a, b);
    public static Tensor operator -(Tensor x) => Functional.Neg(x);
    public static Tensor operator +(Tensor x, float c) => Functional.Add(x, c);
    public static Tensor operator +(float c, Tensor x) => Functional.Add(x, c);
    public static Tensor operator -(Tensor x, float c) => Functional.Add(x, -c);
    public static Tensor operator -(float c, Tensor x) => Functional.RSub(c, x);
    public static Tensor operator *(Tensor x, float c) => Functional.Mul(x, c);
    public static Tensor operator *(float c, Tensor x) => Functional.Mul(x, c);
    public static Tensor operator /(Tensor x, float c) => Functional.Mul(x, 1f / c);
    public static Tensor operator /(float c, Tensor x) => Functional.RDiv(c, x);
#pragma warning restore CS1591
}
