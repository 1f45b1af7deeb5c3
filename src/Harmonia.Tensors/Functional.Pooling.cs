using Harmonia.Tensors.Kernels;
using static Harmonia.Tensors.Kernels.PoolingKernels;

namespace Harmonia.Tensors;

public static partial class Functional
{
    /// <summary>2-D average pooling (floor mode). <paramref name="countIncludePad"/> divides by the padded window size, PyTorch's default.</summary>
    public static Tensor AvgPool2d(Tensor x, int kernel, int stride = 0, int padding = 0, bool countIncludePad = true)
    {
        RequireRank(x, 4, "avg_pool2d");
        if (stride == 0) stride = kernel;
        int h = x.Shape[2], w = x.Shape[3];
        int oh = PooledSize(h, kernel, stride, padding), ow = PooledSize(w, kernel, stride, padding);
        var (rows, paddedRows) = Windows.Fixed(h, kernel, stride, padding, oh);
        var (cols, paddedCols) = Windows.Fixed(w, kernel, stride, padding, ow);
        Func<int, int, int> divisor = countIncludePad
            ? (oy, ox) => paddedRows[oy] * paddedCols[ox]
            : (oy, ox) => (rows.End[oy] - rows.Start[oy]) * (cols.End[ox] - cols.Start[ox]);
        return AveragePool("avg_pool2d", x, rows, cols, divisor);
    }

    /// <summary>Average pooling to a fixed output size with PyTorch's adaptive windows.</summary>
    public static Tensor AdaptiveAvgPool2d(Tensor x, int outHeight, int outWidth)
    {
        RequireRank(x, 4, "adaptive_avg_pool2d");
        RequirePositiveOutput(outHeight, outWidth, "adaptive_avg_pool2d");
        // A 1×1 output is the plain mean of each plane (the squeeze of SE blocks and HDNet's kernel predictor).
        if (outHeight == 1 && outWidth == 1) return Mean(x, [2, 3], keepDim: true);
        var rows = Windows.Adaptive(x.Shape[2], outHeight);
        var cols = Windows.Adaptive(x.Shape[3], outWidth);
        return AveragePool("adaptive_avg_pool2d", x, rows, cols, (oy, ox) => (rows.End[oy] - rows.Start[oy]) * (cols.End[ox] - cols.Start[ox]));
    }

    /// <summary>2-D max pooling (floor mode, padding with −∞).</summary>
    public static Tensor MaxPool2d(Tensor x, int kernel, int stride = 0, int padding = 0)
    {
        RequireRank(x, 4, "max_pool2d");
        if (stride == 0) stride = kernel;
        int h = x.Shape[2], w = x.Shape[3];
        var (rows, _) = Windows.Fixed(h, kernel, stride, padding, PooledSize(h, kernel, stride, padding));
        var (cols, _) = Windows.Fixed(w, kernel, stride, padding, PooledSize(w, kernel, stride, padding));
        return MaxPool("max_pool2d", x, rows, cols);
    }

    /// <summary>Max pooling to a fixed output size with PyTorch's adaptive windows.</summary>
    public static Tensor AdaptiveMaxPool2d(Tensor x, int outHeight, int outWidth)
    {
        RequireRank(x, 4, "adaptive_max_pool2d");
        RequirePositiveOutput(outHeight, outWidth, "adaptive_max_pool2d");
        return MaxPool("adaptive_max_pool2d", x, Windows.Adaptive(x.Shape[2], outHeight), Windows.Adaptive(x.Shape[3], outWidth));
    }

    private static int PooledSize(int input, int kernel, int stride, int padding)
    {
        // Checked before dividing: C# division truncates towards zero, so a kernel larger than the
        // padded input would otherwise yield size 1 where PyTorch's floor division yields 0 (an error).
        if (kernel < 1 || stride < 1 || padding < 0 || padding * 2 > kernel || input + 2 * padding < kernel)
            throw new ArgumentException($"Pooling with kernel {kernel}, stride {stride}, padding {padding} does not fit an input of size {input}.");
        return (input + 2 * padding - kernel) / stride + 1;
    }

    private static void RequirePositiveOutput(int outHeight, int outWidth, string op)
    {
        if (outHeight < 1 || outWidth < 1) throw new ArgumentException($"{op}: output size {outHeight}×{outWidth} must be positive.");
    }

    private static Tensor AveragePool(string name, Tensor x, Windows rows, Windows cols, Func<int, int, int> divisor)
    {
        int planes = x.Shape[0] * x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        var y = Tensor.Empty(x.Shape[0], x.Shape[1], rows.Start.Length, cols.Start.Length);
        PoolingKernels.Average(x.Data, planes, h, w, rows, cols, divisor, y.Data);
        return Autograd.Record(name, y, [x], gy =>
        {
            var gx = Tensor.Empty(x.Shape);
            PoolingKernels.AverageBackward(gy.Data, planes, h, w, rows, cols, divisor, gx.Data);
            x.AccumulateGrad(gx);
        });
    }

    private static Tensor MaxPool(string name, Tensor x, Windows rows, Windows cols)
    {
        int planes = x.Shape[0] * x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        var y = Tensor.Empty(x.Shape[0], x.Shape[1], rows.Start.Length, cols.Start.Length);
        var argmax = new int[y.Numel];
        PoolingKernels.Max(x.Data, planes, h, w, rows, cols, y.Data, argmax);
        return Autograd.Record(name, y, [x], gy =>
        {
            var gx = Tensor.Empty(x.Shape);
            PoolingKernels.MaxBackward(gy.Data, planes, h * w, rows.Start.Length * cols.Start.Length, argmax, gx.Data);
            x.AccumulateGrad(gx);
        });
    }
}
