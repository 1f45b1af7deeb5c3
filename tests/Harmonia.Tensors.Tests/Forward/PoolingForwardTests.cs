using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Forward;

/// <summary>
/// Pooling against references that pad the plane explicitly (zeros for averages, −∞ for max) and
/// slide the window over the padded plane, which is how PyTorch defines floor-mode pooling.
/// </summary>
public class PoolingForwardTests
{
    public static TheoryData<int[], int, int, int> FixedPools => new()
    {
        // shape, kernel, stride, padding
        { new[] { 2, 3, 7, 9 }, 2, 2, 0 },
        { new[] { 2, 3, 7, 9 }, 3, 2, 1 },
        { new[] { 1, 2, 8, 5 }, 3, 1, 1 },
        { new[] { 3, 1, 9, 11 }, 4, 3, 2 },
        { new[] { 2, 2, 5, 5 }, 5, 1, 2 },
        { new[] { 2, 2, 6, 6 }, 3, 3, 0 },
    };

    private static double[] Padded(Tensor x, int pad, double fill, out int ph, out int pw)
    {
        int planes = x.Shape[0] * x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        ph = h + 2 * pad;
        pw = w + 2 * pad;
        var padded = new double[planes * ph * pw];
        Array.Fill(padded, fill);
        for (int p = 0; p < planes; p++)
            for (int y = 0; y < h; y++)
                for (int xx = 0; xx < w; xx++)
                    padded[(p * ph + y + pad) * pw + xx + pad] = x.Data[(p * h + y) * w + xx];
        return padded;
    }

    [Theory]
    [MemberData(nameof(FixedPools))]
    public void AvgPoolMatchesPaddedWindowAverages(int[] shape, int kernel, int stride, int padding)
    {
        var x = TestData.Uniform(new System.Random(TestData.SeedOf("avg", shape, kernel, stride, padding)), shape, -2, 2);
        int planes = shape[0] * shape[1], h = shape[2], w = shape[3];
        var padded = Padded(x, padding, 0, out int ph, out int pw);
        int oh = (ph - kernel) / stride + 1, ow = (pw - kernel) / stride + 1;
        var includePad = new double[planes * oh * ow];
        var excludePad = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                {
                    double sum = 0;
                    int inside = 0;
                    for (int ky = 0; ky < kernel; ky++)
                        for (int kx = 0; kx < kernel; kx++)
                        {
                            int py = oy * stride + ky, px = ox * stride + kx;
                            sum += padded[(p * ph + py) * pw + px];
                            bool real = py >= padding && py < padding + h && px >= padding && px < padding + w;
                            if (real) inside++;
                        }
                    int o = (p * oh + oy) * ow + ox;
                    includePad[o] = sum / (kernel * kernel);
                    excludePad[o] = sum / inside;
                }
        int[] outShape = [shape[0], shape[1], oh, ow];
        TensorAssert.Close(outShape, includePad, AvgPool2d(x, kernel, stride, padding), atol: 1e-6, rtol: 1e-6);
        TensorAssert.Close(outShape, includePad, AvgPool2d(x, kernel, stride, padding, countIncludePad: true), atol: 1e-6, rtol: 1e-6);
        TensorAssert.Close(outShape, excludePad, AvgPool2d(x, kernel, stride, padding, countIncludePad: false), atol: 1e-6, rtol: 1e-6);
    }

    [Theory]
    [MemberData(nameof(FixedPools))]
    public void MaxPoolMatchesPaddedWindowMaxima(int[] shape, int kernel, int stride, int padding)
    {
        // All negative values: a wrong zero padding would win and show.
        var x = TestData.Uniform(new System.Random(TestData.SeedOf("max", shape, kernel, stride, padding)), shape, -3, -0.5);
        int planes = shape[0] * shape[1];
        var padded = Padded(x, padding, double.NegativeInfinity, out int ph, out int pw);
        int oh = (ph - kernel) / stride + 1, ow = (pw - kernel) / stride + 1;
        var expected = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                {
                    double m = double.NegativeInfinity;
                    for (int ky = 0; ky < kernel; ky++)
                        for (int kx = 0; kx < kernel; kx++)
                            m = Math.Max(m, padded[(p * ph + oy * stride + ky) * pw + ox * stride + kx]);
                    expected[(p * oh + oy) * ow + ox] = m;
                }
        TensorAssert.Close([shape[0], shape[1], oh, ow], expected, MaxPool2d(x, kernel, stride, padding), atol: 0, rtol: 0);
    }

    [Fact]
    public void AvgPoolCountIncludePadHandWorked()
    {
        // 1×1×2×2 plane [[1, 2], [3, 4]], kernel 2, stride 1, padding 1 → 3×3 output.
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 1, 1, 2, 2);
        TensorAssert.Close([1, 1, 3, 3], [0.25, 0.75, 0.5, 1, 2.5, 1.5, 0.75, 1.75, 1], AvgPool2d(x, 2, 1, 1), atol: 1e-7, rtol: 0);
        TensorAssert.Close([1, 1, 3, 3], [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4], AvgPool2d(x, 2, 1, 1, countIncludePad: false), atol: 1e-7, rtol: 0);
    }

    public static TheoryData<int, int, int, int> AdaptiveSizes => new()
    {
        // in H, in W, out H, out W
        { 7, 9, 3, 4 },
        { 5, 5, 3, 3 },
        { 6, 10, 6, 10 },
        { 3, 4, 5, 7 },   // more outputs than inputs: overlapping single-pixel windows
        { 8, 8, 1, 1 },   // global pooling
        { 11, 13, 2, 5 },
    };

    /// <summary>PyTorch's adaptive window along one axis: [floor(i·in/out), ceil((i+1)·in/out)).</summary>
    internal static (int Start, int End) AdaptiveWindow(int i, int input, int output)
        => ((int)Math.Floor((double)i * input / output), (int)Math.Ceiling((double)(i + 1) * input / output));

    [Theory]
    [MemberData(nameof(AdaptiveSizes))]
    public void AdaptivePoolsUseFloorCeilWindows(int h, int w, int oh, int ow)
    {
        var x = TestData.Uniform(new System.Random(TestData.SeedOf("adaptive", h, w, oh, ow)), [2, 3, h, w], -2, 2);
        var average = new double[6 * oh * ow];
        var maximum = new double[6 * oh * ow];
        for (int p = 0; p < 6; p++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                {
                    var (y0, y1) = AdaptiveWindow(oy, h, oh);
                    var (x0, x1) = AdaptiveWindow(ox, w, ow);
                    double sum = 0, m = double.NegativeInfinity;
                    for (int iy = y0; iy < y1; iy++)
                        for (int ix = x0; ix < x1; ix++)
                        {
                            double v = x.Data[(p * h + iy) * w + ix];
                            sum += v;
                            m = Math.Max(m, v);
                        }
                    average[(p * oh + oy) * ow + ox] = sum / ((y1 - y0) * (x1 - x0));
                    maximum[(p * oh + oy) * ow + ox] = m;
                }
        TensorAssert.Close([2, 3, oh, ow], average, AdaptiveAvgPool2d(x, oh, ow), atol: 1e-6, rtol: 1e-6);
        TensorAssert.Close([2, 3, oh, ow], maximum, AdaptiveMaxPool2d(x, oh, ow), atol: 0, rtol: 0);
    }

    [Fact]
    public void AdaptiveWindowsHandWorked()
    {
        // 5 → 3: windows [0, 2), [1, 4), [3, 5) — overlapping, unequal.
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f], 1, 1, 1, 5);
        TensorAssert.Close([1, 1, 1, 3], [1.5, 3, 4.5], AdaptiveAvgPool2d(x, 1, 3), atol: 1e-7, rtol: 0);
        TensorAssert.Close([1, 1, 1, 3], [2, 4, 5], AdaptiveMaxPool2d(x, 1, 3), atol: 0, rtol: 0);
    }

    [Fact]
    public void PoolingRejectsKernelsThatDoNotFit()
    {
        // Regression: (2 − 3) / 3 + 1 truncates to 1 in C#; PyTorch's floor division gives 0 and an error.
        Assert.Throws<ArgumentException>(() => AvgPool2d(Tensor.Zeros(1, 1, 2, 2), 3));
        Assert.Throws<ArgumentException>(() => MaxPool2d(Tensor.Zeros(1, 1, 5, 2), 3, 1));
        Assert.Throws<ArgumentException>(() => AvgPool2d(Tensor.Zeros(1, 1, 4, 4), 2, -1));
        Assert.Throws<ArgumentException>(() => AdaptiveAvgPool2d(Tensor.Zeros(1, 1, 4, 4), 0, 2));
        Assert.Throws<ArgumentException>(() => AdaptiveMaxPool2d(Tensor.Zeros(1, 1, 4, 4), 2, -1));
        Assert.Throws<ArgumentException>(() => MaxPool2d(Tensor.Zeros(1, 1, 8, 8), 2, 1, 2)); // padding over half the kernel
        Assert.Throws<ArgumentException>(() => MaxPool2d(Tensor.Zeros(1, 8, 8), 2));
    }
}
