using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;

namespace Harmonia.Benchmarks;

/// <summary>
/// The ONNX Runtime yardstick: times one ONNX model (batch 1, CPU) the way <c>harmonia bench</c>
/// times Harmonia, and prints one JSON line with the median seconds and this process's peak RSS.
/// Arguments: <c>--ort MODEL.onnx --size N [--threads T] [--reps R]</c>. The model's first input
/// gets a random [1, 3, N, N] image in [0, 1], its second (if any) a [1, 1, N, N] mask with about
/// 30% foreground, as the PyTorch yardstick feeds it.
/// </summary>
internal static class OnnxRuntimeRunner
{
    public static int Run(string[] args)
    {
        string? model = Value(args, "--ort");
        if (model is null || Value(args, "--size") is not { } sizeText || !int.TryParse(sizeText, CultureInfo.InvariantCulture, out int size) || size <= 0)
        {
            Console.Error.WriteLine("usage: Harmonia.Benchmarks --ort MODEL.onnx --size N [--threads T] [--reps R]");
            return 2;
        }
        int threads = int.Parse(Value(args, "--threads") ?? "1", CultureInfo.InvariantCulture);
        int reps = int.Parse(Value(args, "--reps") ?? "5", CultureInfo.InvariantCulture);
        if (!File.Exists(model))
        {
            Console.Error.WriteLine($"error: {model}: file not found");
            return 1;
        }

        // Threads as the other yardsticks get them: T for the operators, no parallel branches.
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
        using var session = new InferenceSession(model, options);
        var inputNames = session.InputMetadata.Keys.ToArray();
        var random = new Random(1);
        var image = new float[3 * size * size];
        for (int i = 0; i < image.Length; i++) image[i] = random.NextSingle();
        var mask = new float[size * size];
        for (int i = 0; i < mask.Length; i++) mask[i] = random.NextSingle() > 0.7f ? 1f : 0f;
        using var imageValue = OrtValue.CreateTensorValueFromMemory(image, [1, 3, size, size]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [1, 1, size, size]);
        var inputs = inputNames.Length > 1 ? new[] { imageValue, maskValue } : new[] { imageValue };
        var outputNames = session.OutputMetadata.Keys.ToArray();
        using var runOptions = new RunOptions();

        void Once()
        {
            using var outputs = session.Run(runOptions, inputNames[..inputs.Length], inputs, outputNames);
        }

        Once();   // warm-up: memory arenas and kernel selection
        var seconds = new double[reps];
        for (int r = 0; r < reps; r++)
        {
            long start = Stopwatch.GetTimestamp();
            Once();
            seconds[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(seconds);
        var json = new JsonObject
        {
            ["runtime"] = "onnxruntime " + OrtEnv.Instance().GetVersionString(),
            ["model"] = Path.GetFileName(model),
            ["size"] = size,
            ["threads"] = threads,
            ["reps"] = reps,
            ["median_s"] = Math.Round(seconds[reps / 2], 5),
            ["min_s"] = Math.Round(seconds[0], 5),
            ["peak_rss_mb"] = PeakResidentMegabytes(),
        };
        Console.WriteLine(json.ToJsonString());
        return 0;
    }

    private static string? Value(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>VmHWM from /proc/self/status (Linux), the same measure <c>harmonia bench</c> reports; null elsewhere.</summary>
    private static double? PeakResidentMegabytes()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return null;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return kilobytes is null ? null : Math.Round(double.Parse(kilobytes, CultureInfo.InvariantCulture) / 1024.0, 1);
    }
}
