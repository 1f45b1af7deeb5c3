using BenchmarkDotNet.Running;
using Harmonia.Benchmarks;

// --quick: Stopwatch medians of every case in seconds; --ort: the ONNX Runtime yardstick (one
// model, one JSON line, used by bench/compare.sh); anything else goes to BenchmarkDotNet.
if (args.Contains("--ort"))
    return OnnxRuntimeRunner.Run(args);
if (args.Contains("--quick"))
{
    QuickRunner.Run(args.Where(a => a != "--quick").ToArray());
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(SgemmBenchmarks).Assembly).Run(args);
return 0;
