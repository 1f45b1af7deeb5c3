using System.CommandLine;
using Harmonia.Cli.Commands;
using Harmonia.Cli.Options;
using Harmonia.Models;

namespace Harmonia.Cli.Tests;

public class ShardSpecTests
{
    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/4", 3, 4)]
    [InlineData("0/16", 0, 16)]
    public void Valid_shards_parse(string text, int index, int count)
    {
        Assert.True(ShardSpec.TryParse(text, out var shard, out var error));
        Assert.Null(error);
        Assert.Equal(new ShardSpec(index, count), shard);
        Assert.Equal(text, shard.ToString());
    }

    [Theory]
    [InlineData("4/4")]
    [InlineData("0/0")]
    [InlineData("-1/4")]
    [InlineData("1/-4")]
    [InlineData("1")]
    [InlineData("1/2/3")]
    [InlineData("a/b")]
    [InlineData(" 1/2")]
    [InlineData("")]
    [InlineData("99999999999/99999999999")]
    public void Invalid_shards_are_rejected_with_a_message(string text)
    {
        Assert.False(ShardSpec.TryParse(text, out _, out var error));
        Assert.Contains(text.Length == 0 ? "--shard" : text, error);
    }

    [Fact]
    public void Shards_split_a_batch_into_disjoint_balanced_parts()
    {
        const int count = 3;
        var owners = Enumerable.Range(0, 10)
            .Select(position => Enumerable.Range(0, count).Where(index => new ShardSpec(index, count).Includes(position)).ToList())
            .ToList();

        Assert.All(owners, owner => Assert.Single(owner));
        var sizes = owners.GroupBy(owner => owner[0]).Select(group => group.Count()).ToList();
        Assert.Equal(count, sizes.Count);
        Assert.True(sizes.Max() - sizes.Min() <= 1);
    }
}

public class ProcessingSizeTests
{
    [Fact]
    public void Native_and_numbers_parse()
    {
        Assert.True(ProcessingSize.TryParse("native", out var native, out _));
        Assert.True(native.IsNative);
        Assert.True(ProcessingSize.TryParse("512", out var square, out _));
        Assert.Equal(512, square.Pixels);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("8193")]
    [InlineData("-256")]
    [InlineData("256px")]
    [InlineData("")]
    public void Out_of_range_or_malformed_sizes_are_rejected(string text)
    {
        Assert.False(ProcessingSize.TryParse(text, out _, out var error));
        Assert.StartsWith("--size expects", error);
    }
}

/// <summary>The typed settings the commands hand to their backends.</summary>
public class BindingTests
{
    private static TSettings Bind<TSettings>(HarmoniaCommand<TSettings> command, params string[] args)
    {
        var root = new RootCommand { command };
        var parse = root.Parse(args);
        Assert.Empty(parse.Errors);
        return command.Bind(parse);
    }

    [Fact]
    public void Run_batch_binds_shard_size_and_paths()
    {
        var settings = Bind(new RunCommand(), "run", "--input", "in", "--out", "out", "--shard", "1/4", "--size", "native", "--weights", "w.safetensors", "--overwrite");

        Assert.True(settings.IsBatch);
        Assert.Equal("in", settings.InputDirectory);
        Assert.Equal("out", settings.Out);
        Assert.Equal(new ShardSpec(1, 4), settings.Shard);
        Assert.Equal(ProcessingSize.Native, settings.Size);
        Assert.Equal("w.safetensors", settings.Weights);
        Assert.True(settings.Overwrite);
    }

    [Fact]
    public void Run_single_defaults_to_the_whole_batch_and_the_models_size()
    {
        var settings = Bind(new RunCommand(), "run", "--composite", "c.png", "--mask", "m.png", "--out", "o.png", "--model", "phnet");

        Assert.False(settings.IsBatch);
        Assert.Equal(("c.png", "m.png", "phnet"), (settings.Composite, settings.Mask, settings.Model));
        Assert.Equal(ShardSpec.Whole, settings.Shard);
        Assert.Null(settings.Size);
        Assert.False(settings.Overwrite);
    }

    [Fact]
    public void Train_binds_subsets_and_defaults()
    {
        var settings = Bind(new TrainCommand(), "train", "--config", "c.json", "--data", "d", "--subsets", "HAdobe5k, HFlickr", "--out", "runs/a", "--steps", "100", "--lr", "1e-4");

        Assert.Equal(["HAdobe5k", "HFlickr"], settings.Subsets);
        Assert.Equal(100, settings.Steps);
        Assert.Null(settings.Epochs);
        Assert.Equal(256, settings.Size);
        Assert.Equal(1e-4, settings.LearningRate);
        Assert.False(settings.Resume);
        Assert.Equal((null, null, null), (settings.Optimizer, settings.WeightDecay, settings.Schedule));
    }

    [Theory]
    [InlineData("adam", OptimizerKind.Adam, "cosine", ScheduleKind.Cosine)]
    [InlineData("adamw", OptimizerKind.AdamW, "constant", ScheduleKind.Constant)]
    [InlineData("lion", OptimizerKind.Lion, "recipe", null)]
    public void Train_binds_the_optimizer_weight_decay_and_schedule(string optimizer, OptimizerKind expectedOptimizer, string schedule, ScheduleKind? expectedSchedule)
    {
        var settings = Bind(new TrainCommand(), "train", "--model", "hdnet", "--data", "d", "--subsets", "A", "--out", "r",
            "--optimizer", optimizer, "--weight-decay", "0", "--schedule", schedule);
        Assert.Equal((expectedOptimizer, 0.0, expectedSchedule), (settings.Optimizer, settings.WeightDecay, settings.Schedule));
    }

    [Fact]
    public void Eval_size_defaults_to_256()
    {
        var settings = Bind(new EvalCommand(), "eval", "--data", "d", "--subsets", "A", "--out", "o", "--save-images");

        Assert.Equal(ProcessingSize.Square(256), settings.Size);
        Assert.True(settings.SaveImages);
    }

    [Fact]
    public void Synth_serve_bench_and_convert_bind_their_values()
    {
        Assert.Equal(
            new SynthSettings("p", "m", "color-transfer", "o", "s", 3, 0.25, 7, false),
            Bind(new SynthCommand(), "synth", "--photos", "p", "--masks", "m", "--recipe", "color-transfer", "--out", "o", "--subset", "s", "--per-photo", "3", "--test-fraction", "0.25", "--seed", "7"));
        Assert.Equal(new ServeSettings("127.0.0.1", 8080), Bind(new ServeCommand(), "serve"));
        Assert.Equal(new BenchSettings("hdnet", null, null, 512, 2, true, 10, true), Bind(new BenchCommand(), "bench", "--model", "hdnet", "--size", "512", "--batch", "2", "--train", "--json"));
        Assert.Equal(new ConvertSettings("a.pth", "b.safetensors", null, true), Bind(new ConvertCommand(), "convert", "a.pth", "b.safetensors", "--overwrite"));
    }

    [Fact]
    public void Serve_pairs_each_model_with_the_weights_after_it_and_defaults_to_the_first()
    {
        var settings = Bind(new ServeCommand(), "serve", "--model", "hdnet", "--weights", "a.pth", "--model", "phnet", "-w", "b.safetensors", "-p", "9000");

        Assert.Equal(9000, settings.Port);
        Assert.Equal("hdnet", settings.DefaultModel);
        Assert.Equal(new Dictionary<string, string> { ["hdnet"] = "a.pth", ["phnet"] = "b.safetensors" }, settings.WeightsByModel);
        var defaultOnly = Bind(new ServeCommand(), "serve", "--model", "phnet-lite");
        Assert.Equal("phnet-lite", defaultOnly.DefaultModel);
        Assert.Null(defaultOnly.WeightsByModel);
    }

    [Theory]
    [InlineData("give one --weights per --model", "serve", "--model", "hdnet", "--weights", "a.pth", "--weights", "b.pth")]
    [InlineData("give one --weights per --model", "serve", "--weights", "a.pth")]
    [InlineData("each --model may be given once", "serve", "--model", "hdnet", "--model", "hdnet")]
    [InlineData("nope", "serve", "--model", "nope")]
    public void Serve_refuses_weights_that_cannot_be_paired(string expected, params string[] args)
    {
        var result = CliHarness.Run(args);

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public void Serve_stops_before_starting_when_a_weights_file_is_missing()
    {
        using var folder = new TemporaryFolder();

        var result = CliHarness.Run("serve", "--port", "1", "--model", "hdnet", "--weights", folder.File("absent.pth"));

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.Equal([$"error: serve: {folder.File("absent.pth")}: file not found (the weights given for --model hdnet)"], result.ErrorLines);
    }
}
