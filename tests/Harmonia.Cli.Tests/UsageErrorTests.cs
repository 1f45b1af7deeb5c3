namespace Harmonia.Cli.Tests;

public class UsageErrorTests
{
    private static void AssertUsageError(CliResult result, string expectedMessagePart)
    {
        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains(result.ErrorLines, line => line.StartsWith("error: ", StringComparison.Ordinal) && line.Contains(expectedMessagePart, StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public void Unknown_option_is_a_usage_error()
    {
        AssertUsageError(CliHarness.Run("demo", "--out", "x.html", "--bogus"), "error: demo: --bogus: unknown option");
    }

    [Fact]
    public void Unknown_command_is_a_usage_error()
    {
        AssertUsageError(CliHarness.Run("harmonise"), "error: harmonia: harmonise: unknown command");
    }

    [Fact]
    public void Options_without_a_command_are_a_usage_error()
    {
        // No arguments at all show the help (CommandLineConvenienceTests); options alone name no work to do.
        Assert.Equal(ExitCodes.UsageError, CliHarness.Run("--verbose").ExitCode);
    }

    [Theory]
    [InlineData("--out", "demo")]
    [InlineData("--subsets", "eval", "--data", "d", "--out", "o")]
    [InlineData("--recipe", "synth", "--photos", "p", "--masks", "m", "--out", "o", "--subset", "s")]
    public void Missing_required_option_is_a_usage_error(string missing, params string[] args)
    {
        AssertUsageError(CliHarness.Run(args), $"{missing} is required");
    }

    [Fact]
    public void Missing_argument_is_a_usage_error()
    {
        AssertUsageError(CliHarness.Run("convert", "in.pth"), "OUT.safetensors");
    }

    [Theory]
    [InlineData("--epochs and --steps cannot be used together", "train", "--model", "hdnet", "--data", "d", "--subsets", "A", "--out", "r", "--epochs", "2", "--steps", "10")]
    [InlineData("--model and --config cannot be used together", "train", "--model", "hdnet", "--config", "c.json", "--data", "d", "--subsets", "A", "--out", "r")]
    [InlineData("--resume and --init cannot be used together", "train", "--model", "hdnet", "--data", "d", "--subsets", "A", "--out", "r", "--resume", "--init", "w.safetensors")]
    [InlineData("one of --model or --config is required", "train", "--data", "d", "--subsets", "A", "--out", "r")]
    [InlineData("one of --model, --config or --weights is required", "bench")]
    [InlineData("--model and --config cannot be used together", "bench", "--model", "hdnet", "--config", "c.json")]
    [InlineData("one of --data or --photos is required", "train", "--model", "hdnet", "--out", "r")]
    [InlineData("--subsets requires --data", "train", "--model", "hdnet", "--photos", "p", "--masks", "m", "--subsets", "A", "--out", "r")]
    [InlineData("--data and --photos cannot be used together", "train", "--model", "hdnet", "--data", "d", "--subsets", "A", "--photos", "p", "--masks", "m", "--out", "r")]
    [InlineData("--photos requires --masks", "train", "--model", "hdnet", "--photos", "p", "--out", "r")]
    [InlineData("--recipe can only be used with --photos", "train", "--model", "hdnet", "--data", "d", "--subsets", "A", "--out", "r", "--recipe", "lighting")]
    [InlineData("--identity-share can only be used with --photos", "train", "--model", "hdnet", "--data", "d", "--subsets", "A", "--out", "r", "--identity-share", "0.2")]
    [InlineData("--recipe: unknown recipe 'sunset'", "train", "--model", "hdnet", "--photos", "p", "--masks", "m", "--out", "r", "--recipe", "lighting,sunset")]
    [InlineData("--weight-decay: expects a number >= 0, got 'none'", "train", "--model", "hdnet", "--data", "d", "--subsets", "A", "--out", "r", "--weight-decay", "none")]
    [InlineData("--optimizer: unknown value 'sgd'; use one of adam, adamw, lion", "train", "--model", "hdnet", "--data", "d", "--subsets", "A", "--out", "r", "--optimizer", "sgd")]
    [InlineData("--schedule: unknown value 'linear'; use one of recipe, constant, cosine", "train", "--model", "hdnet", "--data", "d", "--subsets", "A", "--out", "r", "--schedule", "linear")]
    [InlineData("--identity-share: expects a fraction in [0, 1), got '1'", "train", "--model", "hdnet", "--photos", "p", "--masks", "m", "--out", "r", "--identity-share", "1")]
    [InlineData("--model and --config cannot be used together", "run", "--composite", "c.png", "--mask", "m.png", "--out", "o.png", "--model", "hdnet", "--config", "c.json")]
    [InlineData("--model and --config cannot be used together", "eval", "--data", "d", "--subsets", "A", "--out", "o", "--model", "hdnet", "--config", "c.json")]
    [InlineData("--composite and --input cannot be used together", "run", "--composite", "c.png", "--mask", "m.png", "--input", "dir", "--out", "o")]
    [InlineData("--input and --manifest cannot be used together", "run", "--input", "dir", "--manifest", "list.txt", "--out", "o")]
    [InlineData("one of --composite, --input or --manifest is required", "run", "--out", "o")]
    [InlineData("--composite requires --mask", "run", "--composite", "c.png", "--out", "o.png")]
    [InlineData("--mask can only be used with --composite", "run", "--input", "dir", "--mask", "m.png", "--out", "o")]
    [InlineData("--shard can only be used with --input or --manifest", "run", "--composite", "c.png", "--mask", "m.png", "--out", "o.png", "--shard", "0/2")]
    public void Conflicting_or_incomplete_option_sets_are_usage_errors(string expectedMessage, params string[] args)
    {
        AssertUsageError(CliHarness.Run(args), expectedMessage);
    }

    [Theory]
    [InlineData("--shard: expects i/n", "run", "--input", "d", "--out", "o", "--shard", "1-4")]
    [InlineData("the shard index i must be in 0..3", "run", "--input", "d", "--out", "o", "--shard", "4/4")]
    [InlineData("the shard count n must be at least 1", "run", "--input", "d", "--out", "o", "--shard", "0/0")]
    [InlineData("--shard: expects i/n", "run", "--input", "d", "--out", "o", "--shard", "-1/4")]
    [InlineData("--size: expects 'native' or a side length", "eval", "--data", "d", "--subsets", "A", "--out", "o", "--size", "huge")]
    [InlineData("--size: expects 'native' or a side length", "run", "--input", "d", "--out", "o", "--size", "0")]
    [InlineData("--threads: expects a whole number in 1..1024, got '0'", "models", "--threads", "0")]
    [InlineData("--port: expects a whole number in 1..65535, got '70000'", "serve", "--port", "70000")]
    [InlineData("--lr: expects a number > 0, got '-0.1'", "train", "--model", "m", "--data", "d", "--subsets", "A", "--out", "r", "--lr", "-0.1")]
    [InlineData("--test-fraction: expects a fraction in [0, 1), got '1'", "synth", "--photos", "p", "--masks", "m", "--recipe", "mixed", "--out", "o", "--subset", "s", "--test-fraction", "1")]
    [InlineData("--subsets: expects comma-separated names without empty entries", "eval", "--data", "d", "--subsets", "A,,B", "--out", "o")]
    [InlineData("--recipe: unknown value 'sepia'; use one of ffhqh", "synth", "--photos", "p", "--masks", "m", "--recipe", "sepia", "--out", "o", "--subset", "s")]
    [InlineData("is a mix, which only 'train --recipe' takes", "synth", "--photos", "p", "--masks", "m", "--recipe", "lighting:0.6,iharmony:0.2", "--out", "o", "--subset", "s")]
    public void Bad_values_are_usage_errors(string expectedMessage, params string[] args)
    {
        AssertUsageError(CliHarness.Run(args), expectedMessage);
    }

    [Fact]
    public void Usage_error_ends_with_a_pointer_to_the_commands_help()
    {
        var result = CliHarness.Run("run", "--out", "o");

        Assert.Equal("Run 'harmonia run --help' for usage.", result.ErrorLines[^1]);
    }
}
