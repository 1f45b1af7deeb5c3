using Harmonia.Tensors.Kernels;

namespace Harmonia.Tensors.Tests.Kernels;

/// <summary>
/// Forward and both backward passes must give the same bits on 1, 2 and 3 threads, both when
/// units (sample, group) run in parallel and when the work inside one big unit is split.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public class ConvThreadCountTests
{
    private static readonly Dictionary<string, Conv2dShape> ConvCases = new()
    {
        ["one large unit, two column tiles"] = Conv2dShape.Square(1, 32, 96, 96, 32, kernel: 3, padding: 1),
        ["many small units"] = Conv2dShape.Square(3, 8, 20, 20, 8, kernel: 3, stride: 2, padding: 2, dilation: 2, groups: 4),
        ["pointwise, large"] = Conv2dShape.Square(2, 64, 48, 48, 64, kernel: 1),
        ["thin, weight gradient by samples in parallel"] = Conv2dShape.Square(3, 8, 41, 38, 12, kernel: 4, stride: 2, padding: 1),
        ["Winograd forward and input gradient, odd sizes, two tile chunks"] = Conv2dShape.Square(2, 128, 67, 63, 130, kernel: 3, padding: 1),
    };

    private static readonly Dictionary<string, ConvTranspose2dShape> TransposedCases = new()
    {
        ["one large unit, two column tiles"] = ConvTranspose2dShape.Square(1, 32, 72, 72, 32, kernel: 4, stride: 2, padding: 1),
        ["thin, weight gradient by samples in parallel"] = ConvTranspose2dShape.Square(3, 12, 19, 22, 8, kernel: 4, stride: 2, padding: 1),
        ["many small units"] = ConvTranspose2dShape.Square(2, 6, 9, 7, 4, kernel: 3, stride: 2, padding: 1, outputPadding: 1, groups: 2),
        ["Winograd forward and input gradient"] = ConvTranspose2dShape.Square(2, 130, 23, 45, 128, kernel: 3, padding: 1),
    };

    public static readonly TheoryData<string> ConvNames = new(ConvCases.Keys);
    public static readonly TheoryData<string> TransposedNames = new(TransposedCases.Keys);

    [Theory]
    [MemberData(nameof(ConvNames))]
    public void ConvolutionIsBitIdenticalAcrossThreadCounts(string name)
    {
        var s = ConvCases[name];
        var input = TestArrays.Random((int)s.InputLength, 1);
        var weight = TestArrays.Random((int)s.WeightLength, 2);
        var bias = TestArrays.Random(s.OutChannels, 3);
        var gradOutput = TestArrays.Random((int)s.OutputLength, 4);
        AssertSameForAllThreadCounts(name, () =>
        {
            var output = new float[s.OutputLength];
            var gradInput = new float[s.InputLength];
            var gradWeight = new float[s.WeightLength];
            var gradBias = new float[s.OutChannels];
            Conv2dKernel.Forward(s, input, weight, bias, output);
            Conv2dKernel.BackwardInput(s, gradOutput, weight, gradInput);
            Conv2dKernel.BackwardWeight(s, input, gradOutput, gradWeight, gradBias);
            return [output, gradInput, gradWeight, gradBias];
        });
    }

    /// <summary>
    /// Dozens of tiles, each summed into the input and weight gradients in turn, each still big
    /// enough that its GEMMs and im2col work are split across threads.
    /// </summary>
    [Fact]
    public void ConvolutionWithManyTilesIsBitIdenticalAcrossThreadCounts()
    {
        using var budget = ConvGeometry.ForceColumnBudget(70_000);
        ConvolutionIsBitIdenticalAcrossThreadCounts("one large unit, two column tiles");
    }

    [Theory]
    [MemberData(nameof(TransposedNames))]
    public void TransposedConvolutionIsBitIdenticalAcrossThreadCounts(string name)
    {
        var s = TransposedCases[name];
        var input = TestArrays.Random((int)s.InputLength, 1);
        var weight = TestArrays.Random((int)s.WeightLength, 2);
        var bias = TestArrays.Random(s.OutChannels, 3);
        var gradOutput = TestArrays.Random((int)s.OutputLength, 4);
        AssertSameForAllThreadCounts(name, () =>
        {
            var output = new float[s.OutputLength];
            var gradInput = new float[s.InputLength];
            var gradWeight = new float[s.WeightLength];
            var gradBias = new float[s.OutChannels];
            ConvTranspose2dKernel.Forward(s, input, weight, bias, output);
            ConvTranspose2dKernel.BackwardInput(s, gradOutput, weight, gradInput);
            ConvTranspose2dKernel.BackwardWeight(s, input, gradOutput, gradWeight, gradBias);
            return [output, gradInput, gradWeight, gradBias];
        });
    }

    /// <summary>
    /// Machines without 512-bit vectors run thin layers by im2col and GEMM (and transposed ones by GEMM
    /// and scatter) where this one uses the indirect micro-kernel; forcing their kernels checks those paths.
    /// </summary>
    [Theory]
    [MemberData(nameof(ConvNames))]
    public void ConvolutionIsBitIdenticalAcrossThreadCountsWithThe256BitKernels(string name)
    {
        using var forced = GemmKernelSelection.Force(GemmKernelKind.Vector256);
        ConvolutionIsBitIdenticalAcrossThreadCounts(name);
    }

    [Theory]
    [MemberData(nameof(TransposedNames))]
    public void TransposedConvolutionIsBitIdenticalAcrossThreadCountsWithThe256BitKernels(string name)
    {
        using var forced = GemmKernelSelection.Force(GemmKernelKind.Vector256);
        TransposedConvolutionIsBitIdenticalAcrossThreadCounts(name);
    }

    private static void AssertSameForAllThreadCounts(string name, Func<float[][]> run)
    {
        string[] passes = ["forward", "input gradient", "weight gradient", "bias gradient"];
        var single = ThreadCountCollection.WithThreads(1, run);
        foreach (int threads in new[] { 2, 3 })
        {
            var multi = ThreadCountCollection.WithThreads(threads, run);
            for (int i = 0; i < passes.Length; i++)
                KernelAssert.BitIdentical(single[i], multi[i], $"{name}: {passes[i]} on {threads} threads");
        }
    }
}
