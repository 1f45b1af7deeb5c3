using Harmonia.Tensors.Kernels;
using Harmonia.Tensors.Kernels.Reference;

namespace Harmonia.Tensors.Tests.Kernels;

public class ConvTranspose2dKernelTests
{
    private static readonly Dictionary<string, ConvTranspose2dShape> Cases = new()
    {
        ["1x1 stride 1 (pointwise)"] = ConvTranspose2dShape.Square(2, 5, 6, 7, 3, kernel: 1),
        ["1x1 stride 2"] = ConvTranspose2dShape.Square(1, 3, 5, 4, 2, kernel: 1, stride: 2),
        ["1x1 with output padding from dilation"] = ConvTranspose2dShape.Square(1, 2, 4, 4, 3, kernel: 1, outputPadding: 1, dilation: 2),
        ["3x3 stride 1 pad 1"] = ConvTranspose2dShape.Square(2, 4, 7, 9, 3, kernel: 3, padding: 1),
        // Wide enough for Winograd's kernel in the forward and input-gradient passes; 130 input
        // channels put groups of eight filters across output-channel boundaries.
        ["Winograd: 3x3 stride 1 pad 1, 130 -> 128 channels"] = ConvTranspose2dShape.Square(2, 130, 5, 19, 128, kernel: 3, padding: 1),
        ["3x3 stride 2 pad 1 output padding 1"] = ConvTranspose2dShape.Square(2, 3, 5, 6, 4, kernel: 3, stride: 2, padding: 1, outputPadding: 1),
        ["4x4 stride 2 pad 1 (2x upsampling)"] = ConvTranspose2dShape.Square(1, 6, 8, 7, 5, kernel: 4, stride: 2, padding: 1),
        ["asymmetric stride, padding, output padding, dilation, groups 2"] = new(2, 4, 6, 5, 6, 3, 2, 3, 2, 1, 0, 2, 1, 1, 2, 2),
        ["many groups"] = ConvTranspose2dShape.Square(2, 8, 5, 5, 8, kernel: 3, stride: 2, padding: 1, groups: 8),
        ["groups 3, dilation 2"] = ConvTranspose2dShape.Square(1, 6, 6, 5, 9, kernel: 3, stride: 1, padding: 2, dilation: 2, groups: 3),
        ["1x1 image"] = ConvTranspose2dShape.Square(3, 2, 1, 1, 3, kernel: 4, stride: 2, padding: 1),
        // Sub-pixel phases: a kernel shorter than the stride leaves phases no tap reaches (bias only),
        // odd kernels give phases of unequal tap counts, and padding moves the first pixel of each phase.
        ["2x2 stride 3 (phases without taps)"] = ConvTranspose2dShape.Square(2, 3, 4, 5, 2, kernel: 2, stride: 3, padding: 1, outputPadding: 2),
        ["5x5 stride 2 pad 2 output padding 1"] = ConvTranspose2dShape.Square(1, 4, 6, 5, 3, kernel: 5, stride: 2, padding: 2, outputPadding: 1),
        ["asymmetric stride, padding and output padding, one group"] = new(2, 3, 5, 6, 4, 3, 4, 3, 2, 2, 1, 1, 1, 1, 1, 1),
    };

    public static readonly TheoryData<string> CaseNames = new(Cases.Keys);

    /// <summary>Large enough that the real column budget cuts it into two tiles, the boundary inside an output row.</summary>
    [Fact]
    public void AllPassesMatchFloat64ReferenceAcrossTheRealTileBoundary()
        => CheckAllPasses("two column tiles (96x96 to 192x192)", ConvTranspose2dShape.Square(1, 1, 96, 96, 16, kernel: 4, stride: 2, padding: 1));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void AllPassesMatchFloat64Reference(string name) => CheckAllPasses(name, Cases[name]);

    /// <summary>A 64-float column budget cuts every case into many tiles, most starting and ending inside an output row.</summary>
    [Theory]
    [MemberData(nameof(CaseNames))]
    public void AllPassesMatchFloat64ReferenceWithTinyColumnTiles(string name)
    {
        using var budget = ConvGeometry.ForceColumnBudget(64);
        CheckAllPasses(name + " (tiny tiles)", Cases[name]);
    }

    /// <summary>
    /// Machines without 512-bit vectors compute transposed convolutions by GEMM into columns and a
    /// scatter, where this machine reads sub-pixel phases from a padded source; forcing their
    /// micro-kernels runs that form here.
    /// </summary>
    [Theory]
    [MemberData(nameof(CaseNames))]
    public void AllPassesMatchFloat64ReferenceWithThe256BitKernels(string name)
    {
        using var forced = GemmKernelSelection.Force(GemmKernelKind.Vector256);
        CheckAllPasses(name + " (256-bit)", Cases[name]);
    }

    private static void CheckAllPasses(string name, ConvTranspose2dShape s)
    {
        int seed = name.Length;
        var input = TestArrays.Random((int)s.InputLength, seed + 1);
        var weight = TestArrays.Random((int)s.WeightLength, seed + 2);
        var bias = seed % 2 == 1 ? TestArrays.Random(s.OutChannels, seed + 3) : null;
        var gradOutput = TestArrays.Random((int)s.OutputLength, seed + 4);
        int outPlane = s.OutHeight * s.OutWidth, cinG = s.InChannels / s.Groups, coutG = s.OutChannels / s.Groups;
        int taps = s.KernelHeight * s.KernelWidth;
        void Taps(ConvReference.TapVisitor visit) => ConvReference.TransposedTaps(s, visit);

        var output = TestArrays.Filled((int)s.OutputLength, float.NaN);
        ConvTranspose2dKernel.Forward(s, input, weight, bias, output);
        var forward = ConvReference.Forward(Taps, input, weight, bias, output.Length, s.OutChannels, outPlane);
        KernelAssert.Close(forward.Value, forward.Magnitude, output, cinG * taps + 1, $"{name}: forward");

        var gradInput = TestArrays.Filled((int)s.InputLength, float.NaN);
        ConvTranspose2dKernel.BackwardInput(s, gradOutput, weight, gradInput);
        var backInput = ConvReference.BackwardInput(Taps, gradOutput, weight, gradInput.Length);
        KernelAssert.Close(backInput.Value, backInput.Magnitude, gradInput, coutG * taps, $"{name}: input gradient");

        var gradWeight = TestArrays.Filled((int)s.WeightLength, float.NaN);
        var gradBias = TestArrays.Filled(s.OutChannels, float.NaN);
        ConvTranspose2dKernel.BackwardWeight(s, input, gradOutput, gradWeight, gradBias);
        var backWeight = ConvReference.BackwardWeight(Taps, input, gradOutput, gradWeight.Length);
        KernelAssert.Close(backWeight.Value, backWeight.Magnitude, gradWeight, s.Batch * s.InHeight * s.InWidth, $"{name}: weight gradient");
        var backBias = ConvReference.BiasGradient(gradOutput, s.OutChannels, outPlane);
        KernelAssert.Close(backBias.Value, backBias.Magnitude, gradBias, s.Batch * outPlane, $"{name}: bias gradient");
    }

    [Theory]
    [InlineData(32, 4, 2, 1, 0, 1, 64)]
    [InlineData(5, 3, 2, 1, 1, 1, 10)]
    [InlineData(5, 3, 2, 1, 0, 1, 9)]
    [InlineData(4, 3, 1, 0, 0, 2, 8)]
    [InlineData(1, 1, 1, 0, 0, 1, 1)]
    public void OutputSizeFollowsPyTorch(int input, int kernel, int stride, int padding, int outputPadding, int dilation, int expected)
    {
        var s = ConvTranspose2dShape.Square(1, 1, input, input, 1, kernel, stride, padding, outputPadding, dilation);
        Assert.Equal(expected, s.OutHeight);
        Assert.Equal(expected, s.OutWidth);
    }

    [Fact]
    public void ValidateNamesTheProblem()
    {
        Assert.Contains("Output padding", Assert.Throws<ArgumentException>(() => ConvTranspose2dShape.Square(1, 2, 4, 4, 2, 3, stride: 2, outputPadding: 2).Validate()).Message);
        Assert.Contains("divisible", Assert.Throws<ArgumentException>(() => ConvTranspose2dShape.Square(1, 4, 4, 4, 3, 3, groups: 2).Validate()).Message);
        Assert.Contains("no output pixels", Assert.Throws<ArgumentException>(() => ConvTranspose2dShape.Square(1, 1, 1, 1, 1, 1, padding: 1).Validate()).Message);
        Assert.Contains("DilationWidth", Assert.Throws<ArgumentException>(() => new ConvTranspose2dShape(1, 1, 4, 4, 1, 3, 3, 1, 1, 0, 0, 0, 0, 1, 0, 1).Validate()).Message);
    }

    [Fact]
    public void KernelsRejectShortArrays()
    {
        var s = ConvTranspose2dShape.Square(1, 2, 4, 4, 3, 4, stride: 2, padding: 1);
        var input = new float[s.InputLength];
        var weight = new float[s.WeightLength];
        Assert.Contains("output", Assert.Throws<ArgumentException>(() => ConvTranspose2dKernel.Forward(s, input, weight, null, new float[10])).Message);
        Assert.Contains("gradOutput", Assert.Throws<ArgumentException>(() => ConvTranspose2dKernel.BackwardInput(s, new float[3], weight, input)).Message);
    }
}
