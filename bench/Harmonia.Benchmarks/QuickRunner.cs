using System.Diagnostics;
using Harmonia.Tensors;
using Harmonia.Tensors.Kernels;

namespace Harmonia.Benchmarks;

/// <summary>
/// A fast alternative to BenchmarkDotNet: runs each case after a warm-up and prints the median
/// wall time with its GFLOP/s, the best run's GFLOP/s, and GFLOP per second of process CPU time
/// (per-core efficiency, which a machine shared with other jobs distorts far less than wall time).
/// Arguments: case-name fragments to run only matching cases; "--large" adds the 2048×2048
/// convolution (needs ~3.5 GiB and a few minutes).
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
                var (median, best, medianCpu) = Measure(benchmarkCase);
                double flops = benchmarkCase.Flops;
                Console.WriteLine($"{name,-56} median {median * 1e3,9:F2} ms {flops / median / 1e9,6:F1} GFLOP/s | best {flops / best / 1e9,6:F1} | per CPU-s {flops / medianCpu / 1e9,6:F1}");
            }
        }
    }

    private static string DescribeSimd() =>
        System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "AVX-512"
        : System.Runtime.Intrinsics.X86.Fma.IsSupported ? "AVX2+FMA" : "none (scalar kernels)";

    /// <summary>
    /// Times <see cref="Case.Repeats"/> samples; a sample runs the body often enough to last at
    /// least 100 ms, because process CPU time only advances in scheduler ticks.
    /// </summary>
    private static (double Median, double Best, double MedianCpu) Measure(Case benchmarkCase)
    {
        // Warm up for at least 0.3 s (pooled buffers, JIT) and learn how long one call takes.
        var warmUp = Stopwatch.StartNew();
        int calls = 0;
        do
        {
            benchmarkCase.Body();
            calls++;
        }
        while (warmUp.Elapsed.TotalSeconds < 0.3);
        int callsPerSample = Math.Max(1, (int)Math.Ceiling(0.1 / (warmUp.Elapsed.TotalSeconds / calls)));

        var process = Process.GetCurrentProcess();
        var times = new double[benchmarkCase.Repeats];
        var cpuTimes = new double[benchmarkCase.Repeats];
        for (int i = 0; i < times.Length; i++)
        {
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            for (int call = 0; call < callsPerSample; call++) benchmarkCase.Body();
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds / callsPerSample;
            process.Refresh();
            cpuTimes[i] = (process.TotalProcessorTime - cpuStart).TotalSeconds / callsPerSample;
        }
        Array.Sort(times);
        Array.Sort(cpuTimes);
        return (times[times.Length / 2], times[0], cpuTimes[cpuTimes.Length / 2]);
    }

    private static IEnumerable<Case> Cases(bool large)
    {
        foreach (int size in new[] { 512, 2048 })
        {
            var a = BenchmarkData.Random(size * size, 1);
            var b = BenchmarkData.Random(size * size, 2);
            var c = new float[size * size];
            yield return new Case($"SGEMM {size}x{size}x{size}", 2.0 * size * size * size, 7,
                () => Sgemm.Multiply(false, false, size, size, size, a, 0, size, b, 0, size, c, 0, size, false));
        }

        // The thin shapes of HDNet-lite's training step: a 4x4 convolution from 8 to 16 channels on
        // 12 images of 128x128 as its forward product (16 x 196,608 x 128), its input gradient
        // (128 x 196,608 x 16) and its weight gradient (16 x 128 x 196,608, B transposed).
        const int thinM = 16, thinN = 12 * 128 * 128, thinK = 8 * 16;
        var weights = BenchmarkData.Random(thinM * thinK, 3);
        var columns = BenchmarkData.Random(thinK * thinN, 4);
        var outputs = BenchmarkData.Random(thinM * thinN, 5);
        var columnGradient = new float[thinK * thinN];
        var weightGradient = new float[thinM * thinK];
        double thinFlops = 2.0 * thinM * thinN * thinK;
        yield return new Case($"SGEMM thin forward {thinM}x{thinN}x{thinK}", thinFlops, 7,
            () => Sgemm.Multiply(false, false, thinM, thinN, thinK, weights, 0, thinK, columns, 0, thinN, outputs, 0, thinN, false));
        yield return new Case($"SGEMM thin input grad {thinK}x{thinN}x{thinM}", thinFlops, 7,
            () => Sgemm.Multiply(true, false, thinK, thinN, thinM, weights, 0, thinK, outputs, 0, thinN, columnGradient, 0, thinN, false));
        yield return new Case($"SGEMM thin weight grad {thinM}x{thinK}x{thinN}", thinFlops, 7,
            () => Sgemm.Multiply(false, true, thinM, thinK, thinN, outputs, 0, thinN, columns, 0, thinN, weightGradient, 0, thinK, false));

        var convCases = new List<Func<ConvCase>> { ConvCase.Conv3x3, ConvCase.ConvTranspose4x4 };
        if (large) convCases.Add(ConvCase.Conv3x3Large);
        foreach (var make in convCases)
        {
            var work = make();
            int repeats = work.Flops > 1e11 ? 1 : 7;
            yield return new Case($"{work.Name} forward", work.Flops, repeats, work.Forward);
            yield return new Case($"{work.Name} input grad", work.Flops, repeats, work.BackwardInput);
            yield return new Case($"{work.Name} weight grad", work.Flops, repeats, work.BackwardWeight);
        }
    }
}
