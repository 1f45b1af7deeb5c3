using BenchmarkDotNet.Attributes;
using Harmonia.Tensors;
using Harmonia.Tensors.Kernels;

namespace Harmonia.Benchmarks;

/// <summary>A 3×3 convolution 256→256 on 64×64 (batch 1, padding 1): forward and both gradients, 4.8 GFLOP each.</summary>
[MemoryDiagnoser]
public class Conv3x3Benchmarks
{
    private readonly ConvCase work = ConvCase.Conv3x3();

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() => EngineSettings.Threads = Threads;

    [Benchmark] public void Forward() => work.Forward();
    [Benchmark] public void BackwardInput() => work.BackwardInput();
    [Benchmark] public void BackwardWeight() => work.BackwardWeight();
}

/// <summary>A 4×4 stride-2 padding-1 transposed convolution 512→256 from 32×32 to 64×64: forward and both gradients, 4.3 GFLOP each.</summary>
[MemoryDiagnoser]
public class ConvTranspose4x4Benchmarks
{
    private readonly ConvCase work = ConvCase.ConvTranspose4x4();

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() => EngineSettings.Threads = Threads;

    [Benchmark] public void Forward() => work.Forward();
    [Benchmark] public void BackwardInput() => work.BackwardInput();
    [Benchmark] public void BackwardWeight() => work.BackwardWeight();
}

/// <summary>Buffers and calls for one convolution benchmark case, shared by BenchmarkDotNet and the quick runner.</summary>
internal sealed class ConvCase
{
    private readonly float[] input, weight, bias, output, gradInput, gradWeight, gradBias;

    private ConvCase(string name, double flops, long inputLength, long weightLength, int outChannels, long outputLength,
        Action<ConvCase> forward, Action<ConvCase> backwardInput, Action<ConvCase> backwardWeight)
    {
        Name = name;
        Flops = flops;
        input = BenchmarkData.Random(checked((int)inputLength), 1);
        weight = BenchmarkData.Random(checked((int)weightLength), 2);
        bias = BenchmarkData.Random(outChannels, 3);
        output = BenchmarkData.Random(checked((int)outputLength), 4); // doubles as the output gradient
        gradInput = new float[inputLength];
        gradWeight = new float[weightLength];
        gradBias = new float[outChannels];
        Forward = () => forward(this);
        BackwardInput = () => backwardInput(this);
        BackwardWeight = () => backwardWeight(this);
    }

    public string Name { get; }

    /// <summary>2 × multiply-adds of one pass (the same for all three passes).</summary>
    public double Flops { get; }

    public Action Forward { get; }
    public Action BackwardInput { get; }
    public Action BackwardWeight { get; }

    public static ConvCase Conv3x3() => Conv("conv 3x3 256->256 64x64", Conv2dShape.Square(1, 256, 64, 64, 256, kernel: 3, padding: 1));

    /// <summary>The size the harmonization models run at: 64 channels on a 2048×2048 image (1 GiB per activation).</summary>
    public static ConvCase Conv3x3Large() => Conv("conv 3x3 64->64 2048x2048", Conv2dShape.Square(1, 64, 2048, 2048, 64, kernel: 3, padding: 1));

    public static ConvCase ConvTranspose4x4()
    {
        var s = ConvTranspose2dShape.Square(1, 512, 32, 32, 256, kernel: 4, stride: 2, padding: 1);
        double flops = 2.0 * s.Batch * s.InChannels * s.InHeight * s.InWidth * (s.OutChannels / s.Groups) * s.KernelHeight * s.KernelWidth;
        return new ConvCase("convT 4x4 s2 512->256 32->64", flops, s.InputLength, s.WeightLength, s.OutChannels, s.OutputLength,
            c => ConvTranspose2dKernel.Forward(s, c.input, c.weight, c.bias, c.output),
            c => ConvTranspose2dKernel.BackwardInput(s, c.output, c.weight, c.gradInput),
            c => ConvTranspose2dKernel.BackwardWeight(s, c.input, c.output, c.gradWeight, c.gradBias));
    }

    private static ConvCase Conv(string name, Conv2dShape s)
    {
        double flops = 2.0 * s.Batch * s.OutChannels * s.OutHeight * s.OutWidth * (s.InChannels / s.Groups) * s.KernelHeight * s.KernelWidth;
        return new ConvCase(name, flops, s.InputLength, s.WeightLength, s.OutChannels, s.OutputLength,
            c => Conv2dKernel.Forward(s, c.input, c.weight, c.bias, c.output),
            c => Conv2dKernel.BackwardInput(s, c.output, c.weight, c.gradInput),
            c => Conv2dKernel.BackwardWeight(s, c.input, c.output, c.gradWeight, c.gradBias));
    }
}
