using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Forward;

/// <summary>
/// Interpolation and pixel (un)shuffle against PyTorch's index conventions. PyTorch computes the
/// source coordinates in float32, so the references do too (an exact-boundary floor can differ
/// between float and double); the blending itself is done in double.
/// </summary>
public class ResamplingForwardTests
{
    /// <summary>PyTorch's legacy 'nearest' source index (upsample nearest_idx).</summary>
    private static int NearestSource(int dst, int input, int output, double? scaleFactor)
    {
        if (output == input) return dst;
        if (output == 2 * input) return dst >> 1;
        float scale = scaleFactor is { } f ? (float)(1.0 / f) : (float)input / output;
        return Math.Min((int)MathF.Floor(dst * scale), input - 1);
    }

    /// <summary>PyTorch's bilinear taps along one axis: lower index, upper index and the upper weight.</summary>
    private static (int Low, int High, double Lambda) LinearSource(int dst, int input, int output, bool alignCorners, double? scaleFactor)
    {
        float scale = alignCorners
            ? (output > 1 ? (float)(input - 1) / (output - 1) : 0f)
            : scaleFactor is { } f ? (float)(1.0 / f) : (float)input / output;
        float real = alignCorners ? scale * dst : MathF.Max(scale * (dst + 0.5f) - 0.5f, 0f);
        int low = Math.Min((int)MathF.Floor(real), input - 1);
        float lambda = Math.Clamp(real - low, 0f, 1f);
        return (low, low < input - 1 ? low + 1 : low, lambda);
    }

    internal static double[] ReferenceNearest(Tensor x, int oh, int ow, double? scaleFactor)
    {
        int planes = x.Shape[0] * x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        var y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                    y[(p * oh + oy) * ow + ox] = x.Data[(p * h + NearestSource(oy, h, oh, scaleFactor)) * w + NearestSource(ox, w, ow, scaleFactor)];
        return y;
    }

    internal static double[] ReferenceBilinear(Tensor x, int oh, int ow, bool alignCorners, double? scaleFactor)
    {
        int planes = x.Shape[0] * x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        var y = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                {
                    var (y0, y1, ly) = LinearSource(oy, h, oh, alignCorners, scaleFactor);
                    var (x0, x1, lx) = LinearSource(ox, w, ow, alignCorners, scaleFactor);
                    double At(int r, int c) => x.Data[(p * h + r) * w + c];
                    y[(p * oh + oy) * ow + ox] = (1 - ly) * ((1 - lx) * At(y0, x0) + lx * At(y0, x1)) + ly * ((1 - lx) * At(y1, x0) + lx * At(y1, x1));
                }
        return y;
    }

    public static TheoryData<int, int, int, int> Sizes => new()
    {
        // in H, in W, out H, out W
        { 4, 6, 8, 12 },   // exact 2× (PyTorch's shift shortcut)
        { 5, 7, 3, 4 },    // downsample, odd
        { 3, 5, 7, 11 },   // odd upsample
        { 6, 4, 6, 9 },    // one axis unchanged
        { 4, 4, 6, 6 },    // 1.5×: floor(i·in/out) lands on exact integers
        { 7, 3, 1, 1 },    // single output
        { 1, 1, 3, 2 },    // single input
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void NearestBySizeUsesFloorOfScaledIndex(int h, int w, int oh, int ow)
    {
        var x = TestData.Uniform(new System.Random(TestData.SeedOf("nearest", h, w, oh, ow)), [2, 3, h, w]);
        TensorAssert.Close([2, 3, oh, ow], ReferenceNearest(x, oh, ow, null), Interpolate(x, oh, ow, InterpolationMode.Nearest), atol: 0, rtol: 0);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void BilinearBySizeWithAndWithoutAlignCorners(int h, int w, int oh, int ow)
    {
        var x = TestData.Uniform(new System.Random(TestData.SeedOf("bilinear", h, w, oh, ow)), [2, 3, h, w]);
        foreach (var align in new[] { false, true })
            TensorAssert.Close([2, 3, oh, ow], ReferenceBilinear(x, oh, ow, align, null), Interpolate(x, oh, ow, InterpolationMode.Bilinear, align), atol: 1e-6, rtol: 1e-6);
    }

    public static TheoryData<int, int, double> ScaleFactors => new()
    {
        { 5, 7, 2.0 },
        { 5, 7, 1.7 },    // output floor(8.5) = 8: coordinates use 1/1.7, not 5/8
        { 6, 9, 0.5 },
        { 7, 5, 0.7 },
        { 5, 6, 2.1 },    // floor(10.5) = 10 = 2·5 on H: PyTorch's 2× shortcut applies despite the factor
        { 4, 4, 1.3 },    // floor(5.2) = 5
    };

    [Theory]
    [MemberData(nameof(ScaleFactors))]
    public void ScaleFactorFormUsesTheFactorForCoordinates(int h, int w, double factor)
    {
        var x = TestData.Uniform(new System.Random(TestData.SeedOf("scale", h, w, factor)), [2, 2, h, w]);
        int oh = (int)Math.Floor(h * factor), ow = (int)Math.Floor(w * factor);
        int[] outShape = [2, 2, oh, ow];
        TensorAssert.Close(outShape, ReferenceNearest(x, oh, ow, factor), Interpolate(x, factor, InterpolationMode.Nearest), atol: 0, rtol: 0);
        TensorAssert.Close(outShape, ReferenceBilinear(x, oh, ow, false, factor), Interpolate(x, factor, InterpolationMode.Bilinear), atol: 1e-6, rtol: 1e-6);
        // align_corners maps corners to corners and ignores the factor.
        TensorAssert.Close(outShape, ReferenceBilinear(x, oh, ow, true, null), Interpolate(x, factor, InterpolationMode.Bilinear, alignCorners: true), atol: 1e-6, rtol: 1e-6);
    }

    [Fact]
    public void BilinearHandWorked()
    {
        // [0, 1] upsampled to 4 without align_corners: src = (i + 0.5)/2 − 0.5 = −0.25→0, 0.25, 0.75, 1.25→clamped.
        var x = Tensor.FromArray([0f, 1f], 1, 1, 1, 2);
        TensorAssert.Close([1, 1, 1, 4], [0, 0.25, 0.75, 1], Interpolate(x, 1, 4, InterpolationMode.Bilinear), atol: 1e-7, rtol: 0);
        // With align_corners: src = i/3.
        TensorAssert.Close([1, 1, 1, 4], [0, 1.0 / 3, 2.0 / 3, 1], Interpolate(x, 1, 4, InterpolationMode.Bilinear, alignCorners: true), atol: 1e-7, rtol: 0);
    }

    [Fact]
    public void NearestHandWorked()
    {
        // 3 → 5: src = floor(i·0.6) = 0, 0, 1, 1, 2.
        var x = Tensor.FromArray([10f, 20f, 30f], 1, 1, 1, 3);
        TensorAssert.Close([1, 1, 1, 5], [10, 10, 20, 20, 30], Interpolate(x, 1, 5, InterpolationMode.Nearest), atol: 0, rtol: 0);
    }

    [Fact]
    public void InterpolateRejectsEmptyOutputs()
    {
        Assert.Throws<ArgumentException>(() => Interpolate(Tensor.Zeros(1, 1, 4, 4), 0, 4, InterpolationMode.Nearest));
        Assert.Throws<ArgumentException>(() => Interpolate(Tensor.Zeros(1, 1, 4, 4), 0.2, InterpolationMode.Bilinear));
    }

    [Fact]
    public void InterpolateRejectsEmptyInputsAndUnusableScaleFactors()
    {
        // Regressions: an empty plane threw IndexOutOfRange while building taps; a huge factor
        // saturated the size to int.MaxValue and died with OutOfMemoryException; NaN gave "0×0".
        Assert.Throws<ArgumentException>(() => Interpolate(Tensor.Zeros(1, 1, 0, 3), 2, 2, InterpolationMode.Bilinear));
        Assert.Throws<ArgumentException>(() => Interpolate(Tensor.Zeros(1, 1, 4, 4), 1e12, InterpolationMode.Nearest));
        Assert.Throws<ArgumentException>(() => Interpolate(Tensor.Zeros(1, 1, 4, 4), int.MaxValue, 70_000, InterpolationMode.Nearest));
        Assert.Throws<ArgumentOutOfRangeException>(() => Interpolate(Tensor.Zeros(1, 1, 4, 4), double.NaN, InterpolationMode.Nearest));
        Assert.Throws<ArgumentOutOfRangeException>(() => Interpolate(Tensor.Zeros(1, 1, 4, 4), -2.0, InterpolationMode.Nearest));
        Assert.Throws<ArgumentOutOfRangeException>(() => Interpolate(Tensor.Zeros(1, 1, 4, 4), double.PositiveInfinity, InterpolationMode.Bilinear));
    }

    [Theory]
    [InlineData(2, 2, 3, 5)]
    [InlineData(3, 1, 2, 4)]
    public void PixelShuffleFollowsItsDefinitionAndUnshuffleInvertsIt(int r, int c, int h, int w)
    {
        int n = 2;
        var x = TestData.Uniform(new System.Random(TestData.SeedOf("shuffle", r, c, h, w)), [n, c * r * r, h, w]);
        var y = PixelShuffle(x, r);
        int[] outShape = [n, c, h * r, w * r];
        var expected = new double[x.Numel];
        // out[b, ch, y·r + i, x·r + j] = in[b, ch·r² + i·r + j, y, x]
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
                for (int yy = 0; yy < h; yy++)
                    for (int xx = 0; xx < w; xx++)
                        for (int i = 0; i < r; i++)
                            for (int j = 0; j < r; j++)
                                expected[Indexing.Ravel([b, ch, yy * r + i, xx * r + j], outShape)] = x.Data[Indexing.Ravel([b, ch * r * r + i * r + j, yy, xx], x.Shape)];
        TensorAssert.Close(outShape, expected, y, atol: 0, rtol: 0);

        var back = PixelUnshuffle(y, r);
        Assert.Equal(x.Shape, back.Shape);
        Assert.Equal(x.Data, back.Data);
    }

    [Fact]
    public void PixelShuffleRejectsIndivisibleSizes()
    {
        Assert.Throws<ArgumentException>(() => PixelShuffle(Tensor.Zeros(1, 6, 2, 2), 2));
        Assert.Throws<ArgumentException>(() => PixelUnshuffle(Tensor.Zeros(1, 1, 5, 4), 2));
        // Regression: a zero factor threw DivideByZeroException.
        Assert.Throws<ArgumentOutOfRangeException>(() => PixelShuffle(Tensor.Zeros(1, 4, 2, 2), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PixelUnshuffle(Tensor.Zeros(1, 1, 4, 4), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PixelShuffle(Tensor.Zeros(1, 4, 2, 2), -2));
    }
}
