using System.Diagnostics;
using Harmonia.Tensors;
using Harmonia.Tensors.Kernels;

namespace Harmonia.Benchmarks;

/// <summary>
/// A fast alternative to BenchmarkDotNet: runs each case after a warm-up and prints the median
/// time and GFLOP/s. Arguments: case-name fragments to run only matching cases; "--large" adds
/// the 2048×2048 convolution (needs ~2.5 GiB and tens of seconds).
/// </summary>
internal static class QuickRunner
{
    private sealed record Case(string Name, double Flops, int Repeats, Action Body);

    public static void Run(string[] args)
    {
        bool large = args.Contains("--large");
        string[] filters = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        Console.WriteLine($"Processors: {Environment.ProcessorCount}, SIMD: {DescribeSimd()}, {DateTime.Now:u}");
        foreach (var benchmarkCase in Cases(large))
        {
            foreach (int threads in new[] { 1, 2 })
            {
                string name = $"{benchmarkCase.Name} [threads={threads}]";
                if (filters.Length > 0 && !filters.Any(f => name.Contains(f, StringComparison.OrdinalIgnoreCase))) continue;
                EngineSettings.Threads = threads;
                var (median, best) = Measure(benchmarkCase);
                Console.WriteLine($"{name,-60} median {median * 1e3,9:F2} ms {benchmarkCase.Flops / median / 1e9,7:F1} GFLOP/s   (best {benchmarkCase.Flops / best / 1e9,6:F1})");
            }
        }
    }

    private static string DescribeSimd() =>
        System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "AVX-512"
        : System.Runtime.Intrinsics.X86.Fma.IsSupported ? "AVX2+FMA" : "none (scalar kernels)";

    private static (double Median, double Best) Measure(Case benchmarkCase)
    {
        // Warm up for at least 0.3 s: pooled buffers, JIT.
        var warmUp = Stopwatch.StartNew();
        do benchmarkCase.Body(); while (warmUp.Elapsed.TotalSeconds < 0.3);

        var times = new double[benchmarkCase.Repeats];
        for (int i = 0; i < times.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            benchmarkCase.Body();
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(times);
        return (times[times.Length / 2], times[0]);
    }

    private static IEnumerable<Case> Cases(bool large)
    {
        foreach (int size in new[] { 512, 2048 })
        {
            var a = BenchmarkData.Random(size * size, 1);
            var b = BenchmarkData.Random(size * size, 2);
            var c = new float[size * size];
            yield return new Case($"SGEMM {size}x{size}x{size}", 2.0 * size * size * size, size <= 512 ? 31 : 7,
                () => Sgemm.Multiply(false, false, size, size, size, a, 0, size, b, 0, size, c, 0, size, false));
        }

        var convCases = new List<Func<ConvCase>> { ConvCase.Conv3x3, ConvCase.ConvTranspose4x4 };
        if (large) convCases.Add(ConvCase.Conv3x3Large);
        foreach (var make in convCases)
        {
            var work = make();
            int repeats = work.Flops > 1e11 ? 1 : 11;
            yield return new Case($"{work.Name} forward", work.Flops, repeats, work.Forward);
            yield return new Case($"{work.Name} input grad", work.Flops, repeats, work.BackwardInput);
            yield return new Case($"{work.Name} weight grad", work.Flops, repeats, work.BackwardWeight);
        }
    }
}
