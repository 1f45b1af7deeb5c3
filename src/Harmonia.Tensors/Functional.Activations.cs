using System.Numerics.Tensors;
using Harmonia.Tensors.Kernels;

namespace Harmonia.Tensors;

public static partial class Functional
{
    /// <summary>max(x, 0).</summary>
    public static Tensor Relu(Tensor x) => LeakyRelu(x, 0f);

    /// <summary>x where x &gt; 0, slope·x elsewhere (PyTorch's default slope is 0.01).</summary>
    public static Tensor LeakyRelu(Tensor x, float negativeSlope = 0.01f)
    {
        var y = Tensor.Empty(x.Shape);
        ActivationKernels.LeakyRelu(x.Data, y.Data, negativeSlope);
        return Autograd.Record(negativeSlope == 0f ? "relu" : "leaky_relu", y, [x], gy =>
        {
            var g = Tensor.Empty(x.Shape);
            ActivationKernels.LeakyReluBackward(x.Data, gy.Data, g.Data, negativeSlope);
            x.AccumulateGrad(g);
        });
    }

    /// <summary>x where x &gt; 0, α·(eˣ − 1) elsewhere.</summary>
    public static Tensor Elu(Tensor x, float alpha = 1f)
    {
        var y = Tensor.Empty(x.Shape);
        ElementwiseLoops.Map(x.Data, y.Data, (xs, ys) => { for (int i = 0; i < xs.Length; i++) ys[i] = xs[i] > 0 ? xs[i] : alpha * (MathF.Exp(xs[i]) - 1f); });
        return Autograd.Record("elu", y, [x], gy =>
        {
            // For x ≤ 0 the derivative α·eˣ equals y + α.
            var g = Tensor.Empty(x.Shape);
            float[] xs = x.Data, ys = y.Data, gys = gy.Data, gs = g.Data;
            ElementwiseLoops.ForChunks(g.Numel, (start, end) =>
            {
                for (int i = start; i < end; i++) gs[i] = gys[i] * (xs[i] > 0 ? 1f : ys[i] + alpha);
            });
            x.AccumulateGrad(g);
        });
    }

    /// <summary>GELU with the exact erf form, PyTorch's default: x·Φ(x).</summary>
    public static Tensor Gelu(Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        ElementwiseLoops.Map(x.Data, y.Data, (xs, ys) => { for (int i = 0; i < xs.Length; i++) ys[i] = xs[i] * NormalCdf(xs[i]); });
        return Autograd.Record("gelu", y, [x], gy =>
        {
            // d/dx x·Φ(x) = Φ(x) + x·φ(x)
            var g = Tensor.Empty(x.Shape);
            float[] xs = x.Data, gys = gy.Data, gs = g.Data;
            ElementwiseLoops.ForChunks(g.Numel, (start, end) =>
            {
                for (int i = start; i < end; i++)
                {
                    double v = xs[i];
                    double pdf = Math.Exp(-0.5 * v * v) / Math.Sqrt(2 * Math.PI);
                    gs[i] = gys[i] * (float)(NormalCdf(xs[i]) + v * pdf);
                }
            });
            x.AccumulateGrad(g);
        });
    }

    private static float NormalCdf(float x) => (float)(0.5 * (1.0 + Erf.Evaluate(x / Math.Sqrt(2.0))));

    /// <summary>1 / (1 + e^(−x)).</summary>
    public static Tensor Sigmoid(Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        ElementwiseLoops.Map(x.Data, y.Data, (xs, ys) => TensorPrimitives.Sigmoid(xs, ys));
        return Autograd.Record("sigmoid", y, [x], gy =>
        {
            var g = Tensor.Empty(x.Shape);
            ElementwiseLoops.Zip(gy.Data, y.Data, g.Data, (gs, ys, outs) =>
            {
                for (int i = 0; i < gs.Length; i++) outs[i] = gs[i] * ys[i] * (1f - ys[i]);
            });
            x.AccumulateGrad(g);
        });
    }

    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor Tanh(Tensor x)
    {
        var y = Tensor.Empty(x.Shape);
        ElementwiseLoops.Map(x.Data, y.Data, (xs, ys) => TensorPrimitives.Tanh(xs, ys));
        return Autograd.Record("tanh", y, [x], gy =>
        {
            var g = Tensor.Empty(x.Shape);
            ElementwiseLoops.Zip(gy.Data, y.Data, g.Data, (gs, ys, outs) =>
            {
                for (int i = 0; i < gs.Length; i++) outs[i] = gs[i] * (1f - ys[i] * ys[i]);
            });
            x.AccumulateGrad(g);
        });
    }

    /// <summary>Softmax along <paramref name="dim"/>: exp(x − max) / Σ exp(x − max).</summary>
    public static Tensor Softmax(Tensor x, int dim)
    {
        int d = ShapeMath.NormalizeDim(dim, x.Rank);
        var (outer, length, inner) = SplitAround(x.Shape, d);
        var y = Tensor.Empty(x.Shape);
        ActivationKernels.Softmax(x.Data, y.Data, outer, length, inner);
        return Autograd.Record("softmax", y, [x], gy =>
        {
            // dx = y ⊙ (gy − Σ_dim gy ⊙ y)
            var g = Tensor.Empty(x.Shape);
            ActivationKernels.SoftmaxBackward(y.Data, gy.Data, g.Data, outer, length, inner);
            x.AccumulateGrad(g);
        });
    }

    /// <summary>Sizes before, at and after <paramref name="dim"/>: a tensor is then [outer, length, inner].</summary>
    internal static (int Outer, int Length, int Inner) SplitAround(ReadOnlySpan<int> shape, int dim)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= shape[i];
        for (int i = dim + 1; i < shape.Length; i++) inner *= shape[i];
        return (outer, shape[dim], inner);
    }
}
