using BenchmarkDotNet.Running;
using Harmonia.Benchmarks;

// --quick: Stopwatch medians of every case in seconds; anything else goes to BenchmarkDotNet.
if (args.Contains("--quick"))
{
    QuickRunner.Run(args.Where(a => a != "--quick").ToArray());
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(SgemmBenchmarks).Assembly).Run(args);
