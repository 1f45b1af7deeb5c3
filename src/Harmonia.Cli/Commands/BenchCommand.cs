using System.CommandLine;
using System.Text.Json.Nodes;
using Harmonia.Cli.Errors;
using Harmonia.Cli.Inference;
using Harmonia.Cli.Options;
using Harmonia.Models;
using Harmonia.Tensors;
using Harmonia.Training.Benchmarks;

namespace Harmonia.Cli.Commands;

/// <summary>Options of <c>harmonia bench</c>. The thread count is the global <c>--threads</c>
/// (already applied to the engine when <see cref="BenchCommand.Execute"/> runs).</summary>
/// <param name="Model">Preset to measure, or null for the architecture of <paramref name="Config"/> or <paramref name="Weights"/>.</param>
/// <param name="Config">Model configuration file, or null.</param>
/// <param name="Weights">Weights file (.safetensors or .pth) to run with instead of random weights, or null.</param>
/// <param name="Size">Input side length.</param>
/// <param name="BatchSize">Images per forward pass.</param>
/// <param name="Train">Measure a training step (forward + backward + update) instead of inference.</param>
/// <param name="Repetitions">Timed repetitions after warm-up.</param>
/// <param name="Json">Print the result as JSON on stdout.</param>
public sealed record BenchSettings(string? Model, string? Config, string? Weights, int Size, int BatchSize, bool Train, int Repetitions, bool Json);

/// <summary><c>harmonia bench</c>: measures a model's speed.</summary>
public sealed class BenchCommand : HarmoniaCommand<BenchSettings>
{
    private readonly Option<string?> model = SharedOptions.Model("to measure");
    private readonly Option<string?> config = SharedOptions.Config();
    private readonly Option<string?> weights = SharedOptions.Weights();
    private readonly Option<int> size = NumberOptions.WholeNumber("--size", "Input side length in pixels.", defaultValue: 256, min: 16, max: ProcessingSize.MaxPixels);
    private readonly Option<int> batch = NumberOptions.WholeNumber("--batch", "Images per forward pass.", defaultValue: 1, min: 1, max: 4096, helpName: "B");
    private readonly Option<bool> train = new("--train") { Description = "Measure a training step (forward, backward, update) instead of inference." };
    private readonly Option<int> repetitions = NumberOptions.WholeNumber("--reps", "Timed repetitions after warm-up.", defaultValue: 10, min: 1, max: 100_000, helpName: "R");
    private readonly Option<bool> json = new("--json") { Description = "Print the result as JSON on stdout (for scripts)." };

    /// <summary>Creates the command.</summary>
    public BenchCommand() : base("bench", "Measure a model's inference or training speed (use the global --threads T to set the thread count).")
    {
        Options.Add(model);
        Options.Add(config);
        Options.Add(weights);
        Options.Add(size);
        size.Aliases.Add("-s");
        Options.Add(batch);
        Options.Add(train);
        Options.Add(repetitions);
        Options.Add(json);
        OptionRules.MutuallyExclusive(this, model, config);
        OptionRules.AtLeastOneOf(this, model, config, weights);
    }

    /// <inheritdoc />
    public override BenchSettings Bind(ParseResult parse) => new(
        Model: parse.GetValue(model),
        Config: parse.GetValue(config),
        Weights: parse.GetValue(weights),
        Size: parse.GetValue(size),
        BatchSize: parse.GetValue(batch),
        Train: parse.GetValue(train),
        Repetitions: parse.GetValue(repetitions),
        Json: parse.GetValue(json));

    /// <inheritdoc />
    public override void Execute(BenchSettings settings, CliContext context)
    {
        var request = Request(settings);
        var result = ModelBenchmark.Run(request);
        double? peakMb = result.PeakResidentBytes / (1024.0 * 1024.0);
        if (settings.Json)
        {
            var json = new JsonObject
            {
                ["model"] = request.Model,
                ["params"] = result.Parameters,
                ["size"] = settings.Size,
                ["threads"] = request.Threads,
                ["batch"] = settings.BatchSize,
                ["train"] = settings.Train,
                ["reps"] = settings.Repetitions,
                ["median_s"] = Math.Round(result.MedianSeconds, 5),
                ["min_s"] = Math.Round(result.MinSeconds, 5),
                ["max_s"] = Math.Round(result.MaxSeconds, 5),
                ["gflop_per_image"] = Math.Round(result.FlopsPerImage / 1e9, 3),
                ["gflops_per_s"] = Math.Round(result.GigaflopsPerSecond, 2),
                ["peak_rss_mb"] = peakMb is { } mb ? Math.Round(mb, 1) : null,
                ["fresh_pool_mb_per_pass"] = Math.Round(result.FreshPoolBytesPerPass / (1024.0 * 1024.0), 1),
                ["allocated_mb_per_pass"] = Math.Round(result.AllocatedBytesPerPass / (1024.0 * 1024.0), 1),
            };
            context.Out.WriteLine(json.ToJsonString());
            return;
        }
        context.Out.WriteLine(FormattableString.Invariant(
            $"{request.Model} {settings.Size}² batch {settings.BatchSize}, {request.Threads} thread(s): median {result.MedianSeconds:F4} s (min {result.MinSeconds:F4}, max {result.MaxSeconds:F4}), {result.FlopsPerImage / 1e9:F2} GFLOP/image, {result.GigaflopsPerSecond:F1} GFLOP/s, peak RSS {peakMb:F0} MB, fresh memory per pass {result.FreshPoolBytesPerPass / (1024.0 * 1024.0):F0} MB pooled / {result.AllocatedBytesPerPass / (1024.0 * 1024.0):F0} MB managed"));
    }

    // A preset times with random weights, as the PyTorch yardstick does; --config times another
    // architecture, and --weights a trained model (its architecture read from the file unless named).
    private static BenchmarkRequest Request(BenchSettings settings)
    {
        var request = new BenchmarkRequest(settings.Model ?? "", settings.Size, settings.BatchSize, settings.Repetitions, EngineSettings.Threads, settings.Train);
        if (settings.Weights is not null)
        {
            var loaded = ModelCatalog.Load(settings.Model, settings.Config is null ? null : ModelChoice.ReadConfig(settings.Config), settings.Weights, BundledModels.Directory);
            if (loaded is not NetworkHarmonizer network)
                throw new CliException(settings.Weights, "holds no network to measure");
            return request with { Model = settings.Model ?? Path.GetFileName(settings.Weights), Spec = network.Spec, Weights = network.Network.ToStateDict() };
        }
        if (settings.Config is not null)
            return request with { Model = Path.GetFileName(settings.Config), Spec = ModelSpec.FromJson(ModelChoice.ReadConfig(settings.Config)) };
        return request;
    }
}
