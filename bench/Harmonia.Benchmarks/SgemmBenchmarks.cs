using BenchmarkDotNet.Attributes;
using Harmonia.Tensors;
using Harmonia.Tensors.Kernels;

namespace Harmonia.Benchmarks;

/// <summary>Square SGEMM, C = A·B. GFLOP/s = 2·n³ / time.</summary>
[MemoryDiagnoser]
public class SgemmBenchmarks
{
    private float[] a = [], b = [], c = [];

    [Params(512, 2048)]
    public int Size { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        EngineSettings.Threads = Threads;
        a = BenchmarkData.Random(Size * Size, 1);
        b = BenchmarkData.Random(Size * Size, 2);
        c = new float[Size * Size];
    }

    [Benchmark]
    public void Multiply() => Sgemm.Multiply(false, false, Size, Size, Size, a, 0, Size, b, 0, Size, c, 0, Size, false);
}
