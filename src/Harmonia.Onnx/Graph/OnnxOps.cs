using static Harmonia.Onnx.Graph.OnnxAttribute;

namespace Harmonia.Onnx.Graph;

/// <summary>
/// The ONNX operators Harmonia's graphs use, as typed helpers on <see cref="OnnxGraphBuilder"/>.
/// Each follows the operator's definition in operator set 17 (for example ReduceSum takes its axes
/// as an input there, ReduceMean and ReduceMax still as an attribute).
/// </summary>
public static class OnnxOps
{
    /// <summary>Elementwise a + b with broadcasting.</summary>
    public static OnnxValue Add(this OnnxGraphBuilder g, OnnxValue a, OnnxValue b) => g.Node("Add", [a, b]);
    /// <summary>Elementwise a − b with broadcasting.</summary>
    public static OnnxValue Sub(this OnnxGraphBuilder g, OnnxValue a, OnnxValue b) => g.Node("Sub", [a, b]);
    /// <summary>Elementwise a · b with broadcasting.</summary>
    public static OnnxValue Mul(this OnnxGraphBuilder g, OnnxValue a, OnnxValue b) => g.Node("Mul", [a, b]);
    /// <summary>Elementwise a / b with broadcasting.</summary>
    public static OnnxValue Div(this OnnxGraphBuilder g, OnnxValue a, OnnxValue b) => g.Node("Div", [a, b]);
    /// <summary>Elementwise maximum.</summary>
    public static OnnxValue Max(this OnnxGraphBuilder g, OnnxValue a, OnnxValue b) => g.Node("Max", [a, b]);
    /// <summary>Elementwise square root.</summary>
    public static OnnxValue Sqrt(this OnnxGraphBuilder g, OnnxValue x) => g.Node("Sqrt", [x]);
    /// <summary>max(x, 0).</summary>
    public static OnnxValue Relu(this OnnxGraphBuilder g, OnnxValue x) => g.Node("Relu", [x]);
    /// <summary>x for x ≥ 0, slope·x below.</summary>
    public static OnnxValue LeakyRelu(this OnnxGraphBuilder g, OnnxValue x, float slope) => g.Node("LeakyRelu", [x], Float("alpha", slope));
    /// <summary>1 / (1 + e^−x).</summary>
    public static OnnxValue Sigmoid(this OnnxGraphBuilder g, OnnxValue x) => g.Node("Sigmoid", [x]);
    /// <summary>tanh(x).</summary>
    public static OnnxValue Tanh(this OnnxGraphBuilder g, OnnxValue x) => g.Node("Tanh", [x]);
    /// <summary>x clamped to [min, max].</summary>
    public static OnnxValue Clip(this OnnxGraphBuilder g, OnnxValue x, float min, float max) => g.Node("Clip", [x, g.Scalar(min), g.Scalar(max)]);

    /// <summary>1 − x, the complement of a mask.</summary>
    public static OnnxValue OneMinus(this OnnxGraphBuilder g, OnnxValue x) => g.Sub(g.Scalar(1f), x);

    /// <summary>1.0 where x &gt; <paramref name="threshold"/>, else 0.0 (float).</summary>
    public static OnnxValue Binarize(this OnnxGraphBuilder g, OnnxValue x, float threshold)
        => g.Node("Cast", [g.Node("Greater", [x, g.Scalar(threshold)])], Int("to", (long)OnnxElementType.Float));

    /// <summary>A 2-D convolution with square kernel, equal strides and symmetric padding; <paramref name="bias"/> may be null.</summary>
    public static OnnxValue Conv(this OnnxGraphBuilder g, OnnxValue x, OnnxValue weight, OnnxValue? bias, int kernel, int stride = 1, int padding = 0, int groups = 1)
        => g.Node("Conv", bias is { } b ? [x, weight, b] : [x, weight],
            Ints("kernel_shape", kernel, kernel), Ints("strides", stride, stride), Ints("pads", padding, padding, padding, padding),
            Ints("dilations", 1, 1), Int("group", groups));

    /// <summary>A 1-D convolution of [N, C, L] with kernel size 1 (a per-position linear map).</summary>
    public static OnnxValue Conv1x1(this OnnxGraphBuilder g, OnnxValue x, OnnxValue weight, OnnxValue? bias)
        => g.Node("Conv", bias is { } b ? [x, weight, b] : [x, weight], Ints("kernel_shape", 1), Ints("strides", 1), Ints("pads", 0, 0));

    /// <summary>A 2-D transposed convolution with square kernel, equal strides and symmetric padding (PyTorch's output size).</summary>
    public static OnnxValue ConvTranspose(this OnnxGraphBuilder g, OnnxValue x, OnnxValue weight, OnnxValue? bias, int kernel, int stride, int padding)
        => g.Node("ConvTranspose", bias is { } b ? [x, weight, b] : [x, weight],
            Ints("kernel_shape", kernel, kernel), Ints("strides", stride, stride), Ints("pads", padding, padding, padding, padding), Ints("dilations", 1, 1));

    /// <summary>Per-sample, per-channel normalization over H, W with learned scale and shift.</summary>
    public static OnnxValue InstanceNorm(this OnnxGraphBuilder g, OnnxValue x, OnnxValue scale, OnnxValue bias, float epsilon)
        => g.Node("InstanceNormalization", [x, scale, bias], Float("epsilon", epsilon));

    /// <summary>Inference-mode batch normalization with running statistics.</summary>
    public static OnnxValue BatchNorm(this OnnxGraphBuilder g, OnnxValue x, OnnxValue scale, OnnxValue bias, OnnxValue mean, OnnxValue variance, float epsilon)
        => g.Node("BatchNormalization", [x, scale, bias, mean, variance], Float("epsilon", epsilon));

    /// <summary>Joins tensors along <paramref name="axis"/>.</summary>
    public static OnnxValue Concat(this OnnxGraphBuilder g, IReadOnlyList<OnnxValue> parts, int axis) => g.Node("Concat", parts, Int("axis", axis));

    /// <summary>Reshapes; 0 copies the input's dimension (so the batch size may vary), −1 is inferred.</summary>
    public static OnnxValue Reshape(this OnnxGraphBuilder g, OnnxValue x, params long[] shape) => g.Node("Reshape", [x, g.Int64s(shape)]);

    /// <summary>Permutes the axes.</summary>
    public static OnnxValue Transpose(this OnnxGraphBuilder g, OnnxValue x, params long[] permutation) => g.Node("Transpose", [x], Ints("perm", permutation));

    /// <summary>Matrix product with numpy-style broadcasting of the leading axes.</summary>
    public static OnnxValue MatMul(this OnnxGraphBuilder g, OnnxValue a, OnnxValue b) => g.Node("MatMul", [a, b]);

    /// <summary>x · Wᵀ + b for x [N, in], W [out, in] (a linear layer).</summary>
    public static OnnxValue Linear(this OnnxGraphBuilder g, OnnxValue x, OnnxValue weight, OnnxValue bias) => g.Node("Gemm", [x, weight, bias], Int("transB", 1));

    /// <summary>Sum over <paramref name="axes"/>.</summary>
    public static OnnxValue ReduceSum(this OnnxGraphBuilder g, OnnxValue x, long[] axes, bool keepDims = true)
        => g.Node("ReduceSum", [x, g.Int64s(axes)], Int("keepdims", keepDims ? 1 : 0));

    /// <summary>Mean over <paramref name="axes"/>.</summary>
    public static OnnxValue ReduceMean(this OnnxGraphBuilder g, OnnxValue x, long[] axes, bool keepDims = true)
        => g.Node("ReduceMean", [x], Ints("axes", axes), Int("keepdims", keepDims ? 1 : 0));

    /// <summary>Maximum over <paramref name="axes"/>.</summary>
    public static OnnxValue ReduceMax(this OnnxGraphBuilder g, OnnxValue x, long[] axes, bool keepDims = true)
        => g.Node("ReduceMax", [x], Ints("axes", axes), Int("keepdims", keepDims ? 1 : 0));

    /// <summary>Mean over H and W of [N, C, H, W], kept as [N, C, 1, 1].</summary>
    public static OnnxValue GlobalAveragePool(this OnnxGraphBuilder g, OnnxValue x) => g.Node("GlobalAveragePool", [x]);

    /// <summary>Softmax along <paramref name="axis"/>.</summary>
    public static OnnxValue Softmax(this OnnxGraphBuilder g, OnnxValue x, int axis) => g.Node("Softmax", [x], Int("axis", axis));

    /// <summary>The <paramref name="k"/> largest values along <paramref name="axis"/>, sorted, with their int64 indices.</summary>
    public static (OnnxValue Values, OnnxValue Indices) TopK(this OnnxGraphBuilder g, OnnxValue x, int k, int axis)
    {
        var results = g.Node("TopK", [x, g.Int64s(k)], 2, Int("axis", axis), Int("largest", 1), Int("sorted", 1));
        return (results[0], results[1]);
    }

    /// <summary>out[…, j, …] = x[…, index[…, j, …], …] along <paramref name="axis"/>; index has x's rank.</summary>
    public static OnnxValue GatherElements(this OnnxGraphBuilder g, OnnxValue x, OnnxValue index, int axis)
        => g.Node("GatherElements", [x, index], Int("axis", axis));

    /// <summary>Takes the entries <paramref name="indices"/> (a 1-D table) along <paramref name="axis"/>.</summary>
    public static OnnxValue Gather(this OnnxGraphBuilder g, OnnxValue x, OnnxValue indices, int axis) => g.Node("Gather", [x, indices], Int("axis", axis));

    /// <summary>Broadcasts x to (at least) <paramref name="shape"/>.</summary>
    public static OnnxValue Expand(this OnnxGraphBuilder g, OnnxValue x, params long[] shape) => g.Node("Expand", [x, g.Int64s(shape)]);

    /// <summary>The range [start, end) of <paramref name="axis"/>.</summary>
    public static OnnxValue Slice(this OnnxGraphBuilder g, OnnxValue x, int axis, long start, long end)
        => g.Node("Slice", [x, g.Int64s(start), g.Int64s(end), g.Int64s(axis)]);
}
