using Harmonia.Tensors.Kernels;
using Harmonia.Tensors.Kernels.Reference;

namespace Harmonia.Tensors.Tests.Kernels;

public class Conv2dKernelTests
{
    private static readonly Dictionary<string, Conv2dShape> Cases = new()
    {
        ["pointwise 1x1, batch 2"] = Conv2dShape.Square(2, 5, 7, 6, 3, kernel: 1),
        ["pointwise 1x1 with dilation (still pointwise)"] = Conv2dShape.Square(1, 4, 5, 5, 6, kernel: 1, dilation: 3),
        ["1x1 stride 2 (not pointwise)"] = Conv2dShape.Square(1, 4, 9, 8, 6, kernel: 1, stride: 2),
        ["1x1 padded (not pointwise)"] = Conv2dShape.Square(2, 3, 4, 5, 2, kernel: 1, padding: 1),
        ["3x3 pad 1, odd sizes"] = Conv2dShape.Square(2, 3, 11, 13, 4, kernel: 3, padding: 1),
        ["3x3 stride 2 no padding"] = Conv2dShape.Square(2, 3, 10, 9, 5, kernel: 3, stride: 2),
        ["4x4 stride 2 pad 1"] = Conv2dShape.Square(1, 6, 10, 10, 4, kernel: 4, stride: 2, padding: 1),
        // Output rows of 20 and 18 pixels: stride-2 gathers of eight at a time, tails, and the plane's last row.
        ["4x4 stride 2 pad 1, wide rows"] = Conv2dShape.Square(2, 3, 13, 41, 4, kernel: 4, stride: 2, padding: 1),
        ["3x3 stride 2 no padding, wide rows"] = Conv2dShape.Square(1, 2, 9, 37, 3, kernel: 3, stride: 2),
        ["asymmetric stride, padding, dilation, groups 2"] = new(3, 4, 15, 12, 6, 3, 3, 2, 1, 2, 1, 2, 1, 2),
        ["rectangular 2x3 kernel"] = new(2, 3, 8, 9, 4, 2, 3, 1, 2, 0, 1, 1, 1, 1),
        ["many groups (depthwise x2)"] = Conv2dShape.Square(2, 8, 9, 9, 16, kernel: 3, padding: 1, groups: 8),
        ["groups = 4, per-group kernels"] = Conv2dShape.Square(1, 12, 6, 7, 8, kernel: 3, padding: 2, dilation: 2, groups: 4),
        ["1x1 image with 3x3 kernel"] = Conv2dShape.Square(2, 3, 1, 1, 2, kernel: 3, padding: 1),
        ["padding larger than kernel"] = Conv2dShape.Square(1, 2, 3, 3, 2, kernel: 2, stride: 3, padding: 3),
        // Wide 3x3 stride-1 convolutions take Winograd's F(2x2, 3x3) forward: odd sizes leave half tiles.
        ["Winograd: 3x3 pad 1, 128 -> 130 channels, odd sizes, batch 2"] = Conv2dShape.Square(2, 128, 9, 11, 130, kernel: 3, padding: 1),
        ["Winograd: 2x3 image"] = Conv2dShape.Square(1, 130, 2, 3, 128, kernel: 3, padding: 1),
        // Two images in one chunk of tiles; rows of 19 tiles: two groups of eight, then three alone.
        // At least 144 shared rows (channels × taps): the forward pass reads taps from padded phase planes
        // on machines with 512-bit vectors.
        ["indirect: 4x4 stride 2 pad 1, 10 channels, batch 2"] = Conv2dShape.Square(2, 10, 11, 14, 12, kernel: 4, stride: 2, padding: 1),
        ["indirect: 3x3 stride 2 no padding, 17 channels, odd sizes"] = Conv2dShape.Square(1, 17, 13, 9, 9, kernel: 3, stride: 2),
        ["indirect: 3x4 kernel, stride (3, 2), padding (2, 1), 13 channels"] = new(2, 13, 10, 11, 5, 3, 4, 3, 2, 2, 1, 1, 1, 1),
        ["indirect: 3x3 pad 1, 24 channels, 1x1 image"] = Conv2dShape.Square(1, 24, 1, 1, 7, kernel: 3, padding: 1),
        ["indirect: 5x5 pad 3 (padding past the taps), 8 channels"] = Conv2dShape.Square(1, 8, 6, 7, 9, kernel: 5, padding: 3),
        // Weight gradients of batches over two samples by dot products on the phase planes (512-bit machines):
        // channels and taps that fill no whole block (7 of 4, 50 of 6), and stride 2 with odd sizes.
        ["weight gradient: 5x5 pad 3, 2 -> 7 channels, batch 3"] = Conv2dShape.Square(3, 2, 9, 12, 7, kernel: 5, padding: 3),
        ["weight gradient: 4x4 stride 2 pad 1, 3 -> 5 channels, odd sizes, batch 3"] = Conv2dShape.Square(3, 3, 17, 23, 5, kernel: 4, stride: 2, padding: 1),
        ["Winograd: batch 2 sharing a chunk, 6x37"] = Conv2dShape.Square(2, 128, 6, 37, 128, kernel: 3, padding: 1),
    };

    public static readonly TheoryData<string> CaseNames = new(Cases.Keys);

    /// <summary>Large enough that the real column budget cuts it into two tiles, the boundary inside an output row.</summary>
    [Fact]
    public void AllPassesMatchFloat64ReferenceAcrossTheRealTileBoundary()
        => CheckAllPasses("two column tiles (121x121, 16 channels)", Conv2dShape.Square(1, 16, 121, 121, 1, kernel: 3, padding: 1));

    /// <summary>1,056 Winograd tiles: more than one chunk of transformed input.</summary>
    [Fact]
    public void WinogradForwardMatchesFloat64ReferenceAcrossTileChunks()
        => CheckAllPasses("Winograd, two tile chunks (64x66, 128 channels)", Conv2dShape.Square(1, 128, 64, 66, 128, kernel: 3, padding: 1));

    /// <summary>
    /// Thin layers run their forward pass as small tiles in parallel, one core per tile; wide ones split
    /// each GEMM between the cores. The two ways must give the same bits, so that which one a shape takes
    /// never shows in a result. Forcing the real column budget takes the second way.
    /// </summary>
    [Theory]
    [InlineData(1, 16, 96, 96, 16, 3, 1, 1)]   // 3×3, one sample: 21 tiles of 448 pixels, the last short
    [InlineData(2, 24, 70, 70, 8, 4, 2, 1)]    // 4×4 stride 2, two samples of 5 tiles, the last short
    [InlineData(1, 32, 80, 80, 24, 1, 1, 0)]   // pointwise: the GEMM reads the planes in place
    public void ForwardByCacheTilesEqualsForwardByUnits(int batch, int inChannels, int height, int width, int outChannels, int kernel, int stride, int padding)
    {
        // Both ways are the im2col path, which 512-bit machines leave to wide layers (thin ones read taps in place).
        using var forced = GemmKernelSelection.Force(GemmKernelKind.Vector256);
        var s = Conv2dShape.Square(batch, inChannels, height, width, outChannels, kernel, stride, padding);
        var input = TestArrays.Random((int)s.InputLength, 11);
        var weight = TestArrays.Random((int)s.WeightLength, 12);
        var bias = TestArrays.Random(s.OutChannels, 13);
        Assert.NotNull(ConvolutionCore.CacheTilePixels(s.ToGeometry()));
        var byTiles = new float[s.OutputLength];
        Conv2dKernel.Forward(s, input, weight, bias, byTiles);
        var byUnits = new float[s.OutputLength];
        using (ConvGeometry.ForceColumnBudget(ConvGeometry.ColumnBudgetFloats))
            Conv2dKernel.Forward(s, input, weight, bias, byUnits);
        KernelAssert.BitIdentical(byUnits, byTiles, $"{batch}×{inChannels}×{height}×{width} → {outChannels}, {kernel}×{kernel} stride {stride}");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void AllPassesMatchFloat64Reference(string name) => CheckAllPasses(name, Cases[name]);

    /// <summary>Machines without 512-bit vectors run thin layers by im2col and GEMM; forcing their micro-kernels runs that form here.</summary>
    [Theory]
    [MemberData(nameof(CaseNames))]
    public void AllPassesMatchFloat64ReferenceWithThe256BitKernels(string name)
    {
        using var forced = GemmKernelSelection.Force(GemmKernelKind.Vector256);
        CheckAllPasses(name + " (256-bit)", Cases[name]);
    }

    /// <summary>A 64-float column budget cuts every case into many tiles, most starting and ending inside an output row.</summary>
    [Theory]
    [MemberData(nameof(CaseNames))]
    public void AllPassesMatchFloat64ReferenceWithTinyColumnTiles(string name)
    {
        using var budget = ConvGeometry.ForceColumnBudget(64);
        CheckAllPasses(name + " (tiny tiles)", Cases[name]);
    }

    private static void CheckAllPasses(string name, Conv2dShape s)
    {
        int seed = name.Length;
        var input = TestArrays.Random((int)s.InputLength, seed + 1);
        var weight = TestArrays.Random((int)s.WeightLength, seed + 2);
        var bias = seed % 2 == 0 ? TestArrays.Random(s.OutChannels, seed + 3) : null;
        var gradOutput = TestArrays.Random((int)s.OutputLength, seed + 4);
        int outPlane = s.OutHeight * s.OutWidth, cinG = s.InChannels / s.Groups, coutG = s.OutChannels / s.Groups;
        int taps = s.KernelHeight * s.KernelWidth;
        void Taps(ConvReference.TapVisitor visit) => ConvReference.ConvTaps(s, visit);

        var output = TestArrays.Filled((int)s.OutputLength, float.NaN);
        Conv2dKernel.Forward(s, input, weight, bias, output);
        var forward = ConvReference.Forward(Taps, input, weight, bias, output.Length, s.OutChannels, outPlane);
        KernelAssert.Close(forward.Value, forward.Magnitude, output, cinG * taps + 1, $"{name}: forward");

        var gradInput = TestArrays.Filled((int)s.InputLength, float.NaN);
        Conv2dKernel.BackwardInput(s, gradOutput, weight, gradInput);
        var backInput = ConvReference.BackwardInput(Taps, gradOutput, weight, gradInput.Length);
        KernelAssert.Close(backInput.Value, backInput.Magnitude, gradInput, coutG * taps, $"{name}: input gradient");

        var gradWeight = TestArrays.Filled((int)s.WeightLength, float.NaN);
        var gradBias = TestArrays.Filled(s.OutChannels, float.NaN);
        Conv2dKernel.BackwardWeight(s, input, gradOutput, gradWeight, gradBias);
        var backWeight = ConvReference.BackwardWeight(Taps, input, gradOutput, gradWeight.Length);
        KernelAssert.Close(backWeight.Value, backWeight.Magnitude, gradWeight, s.Batch * outPlane, $"{name}: weight gradient");
        var backBias = ConvReference.BiasGradient(gradOutput, s.OutChannels, outPlane);
        KernelAssert.Close(backBias.Value, backBias.Magnitude, gradBias, s.Batch * outPlane, $"{name}: bias gradient");
    }

    [Theory]
    [InlineData(7, 3, 2, 1, 1, 4)]
    [InlineData(7, 3, 1, 0, 2, 3)]
    [InlineData(8, 4, 2, 1, 1, 4)]
    [InlineData(1, 3, 1, 1, 1, 1)]
    [InlineData(5, 2, 3, 0, 1, 2)]
    public void OutputSizeFollowsPyTorch(int input, int kernel, int stride, int padding, int dilation, int expected)
    {
        var s = Conv2dShape.Square(1, 1, input, input, 1, kernel, stride, padding, dilation);
        Assert.Equal(expected, s.OutHeight);
        Assert.Equal(expected, s.OutWidth);
    }

    [Fact]
    public void ValidateNamesTheProblem()
    {
        Assert.Contains("divisible", Assert.Throws<ArgumentException>(() => Conv2dShape.Square(1, 6, 8, 8, 4, 3, groups: 4).Validate()).Message);
        Assert.Contains("larger than the padded input", Assert.Throws<ArgumentException>(() => Conv2dShape.Square(1, 1, 2, 2, 1, 5).Validate()).Message);
        Assert.Contains("StrideHeight", Assert.Throws<ArgumentException>(() => Conv2dShape.Square(1, 1, 4, 4, 1, 3, stride: 0).Validate()).Message);
        Assert.Contains("PaddingWidth", Assert.Throws<ArgumentException>(() => new Conv2dShape(1, 1, 4, 4, 1, 3, 3, 1, 1, 0, -1, 1, 1, 1).Validate()).Message);
        Assert.Contains("more than one array", Assert.Throws<ArgumentException>(() => Conv2dShape.Square(1 << 16, 1 << 10, 1 << 8, 1 << 8, 1, 1).Validate()).Message);
    }

    [Fact]
    public void KernelsRejectShortArraysBeforeTouchingThem()
    {
        var s = Conv2dShape.Square(1, 2, 4, 4, 3, 3, padding: 1);
        var input = new float[s.InputLength];
        var weight = new float[s.WeightLength];
        var output = new float[s.OutputLength];
        Assert.Contains("weight", Assert.Throws<ArgumentException>(() => Conv2dKernel.Forward(s, input, new float[5], null, output)).Message);
        Assert.Contains("bias", Assert.Throws<ArgumentException>(() => Conv2dKernel.Forward(s, input, weight, new float[2], output)).Message);
        Assert.Contains("gradInput", Assert.Throws<ArgumentException>(() => Conv2dKernel.BackwardInput(s, output, weight, new float[3])).Message);
        Assert.Throws<ArgumentNullException>(() => Conv2dKernel.BackwardWeight(s, null!, output, weight, null));
    }

    [Fact]
    public void EmptyBatchGivesZeroWeightGradient()
    {
        var s = Conv2dShape.Square(0, 2, 4, 4, 3, 3, padding: 1);
        var gradWeight = TestArrays.Filled((int)s.WeightLength, float.NaN);
        var gradBias = TestArrays.Filled(3, float.NaN);
        Conv2dKernel.BackwardWeight(s, [], [], gradWeight, gradBias);
        Assert.All(gradWeight, v => Assert.Equal(0f, v));
        Assert.All(gradBias, v => Assert.Equal(0f, v));
    }
}
