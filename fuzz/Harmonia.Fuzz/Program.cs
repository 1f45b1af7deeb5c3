using System.Diagnostics;
using SharpFuzz;

namespace Harmonia.Fuzz;

/// <summary>
/// Entry point of the fuzz harnesses.
/// <c>Harmonia.Fuzz TARGET</c> runs TARGET under afl-fuzz (SharpFuzz's persistent mode; fuzz/run
/// starts it). <c>Harmonia.Fuzz TARGET --replay PATH...</c> runs the target once on each file (or
/// each file of each folder) without afl, printing the slowest inputs: how findings are reproduced
/// and how the corpora are checked.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine($"usage: Harmonia.Fuzz {string.Join("|", FuzzTargets.All.Keys)} [--replay PATH...]");
            return 2;
        }
        if (args.Length > 1 && args[1] == "--replay")
            return Replay(args[0], target, args[2..]);

        Fuzzer.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target(buffer.ToArray());
        });
        return 0;
    }

    private static int Replay(string name, Action<byte[]> target, string[] paths)
    {
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : [p])
            .Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith("README.txt", StringComparison.Ordinal)).Order().ToList();
        var timings = new List<(string File, double Seconds)>();
        int failures = 0;
        foreach (string file in files)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                target(File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                failures++;
                Console.WriteLine($"{name}: {file}: FINDING {e.GetType().Name}: {e.Message}");
            }
            timings.Add((file, clock.Elapsed.TotalSeconds));
        }
        foreach (var (file, seconds) in timings.OrderByDescending(t => t.Seconds).Take(3))
            Console.WriteLine($"{name}: slowest {seconds:0.000} s {file}");
        Console.WriteLine($"{name}: replayed {files.Count} inputs, {failures} findings, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB");
        return failures == 0 ? 0 : 1;
    }
}
