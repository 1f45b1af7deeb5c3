namespace Harmonia.Cli.Tests;

public class HelpTests
{
    public static TheoryData<string, string[]> DocumentedOptions => new()
    {
        { "run", ["--composite", "--mask", "--out", "--model", "--config", "--weights", "--size", "--input", "--manifest", "--shard", "--overwrite"] },
        { "train", ["--model", "--config", "--data", "--subsets", "--photos", "--masks", "--recipe", "--identity-share", "--test-fraction", "--split-seed", "--out", "--epochs", "--steps", "--batch", "--size", "--lr", "--resume", "--init"] },
        { "eval", ["--data", "--subsets", "--model", "--config", "--weights", "--size", "--out", "--save-images", "--identity"] },
        { "synth", ["--photos", "--masks", "--recipe", "ffhqh|color-transfer|mixed", "--out", "--subset", "--per-photo", "--test-fraction", "--seed"] },
        { "convert", ["IN.pth", "OUT.safetensors", "--config"] },
        { "models", [] },
        { "bench", ["--model", "--config", "--weights", "--size", "--threads", "--batch", "--train", "--reps", "--json"] },
        { "serve", ["--host", "--port", "127.0.0.1", "8080"] },
        { "demo", ["--out"] },
        { "plot", ["--data", "--out", "--log-x", "--guide"] },
    };

    [Theory]
    [MemberData(nameof(DocumentedOptions))]
    public void Subcommand_help_exits_0_and_lists_its_options(string command, string[] expected)
    {
        var result = CliHarness.Run(command, "--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Contains($"harmonia {command}", result.Out);
        foreach (var text in expected.Concat(["--verbose", "--quiet", "--threads"]))
            Assert.Contains(text, result.Out);
    }

    [Fact]
    public void Root_help_lists_every_subcommand()
    {
        var result = CliHarness.Run("--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        foreach (var command in new[] { "run", "train", "eval", "synth", "convert", "models", "bench", "serve", "demo", "plot" })
            Assert.Matches($@"(?m)^\s+{command}\b", result.Out);
    }

    [Fact]
    public void Help_wins_over_missing_required_options()
    {
        var result = CliHarness.Run("train", "--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Error);
    }
}
