using Harmonia.Cli.Errors;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Cli.Tests;

/// <summary>What a new user types: no arguments, 'help', typos, short options, files in order.</summary>
public class CommandLineConvenienceTests
{
    [Fact]
    public void No_arguments_show_the_help()
    {
        var result = CliHarness.Run();

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("harmonia [command] [options]", result.Out);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public void Help_command_shows_the_programs_or_a_commands_help()
    {
        var root = CliHarness.Run("help");
        var run = CliHarness.Run("help", "run");

        Assert.Equal(ExitCodes.Success, root.ExitCode);
        Assert.Equal(CliHarness.Run("--help").Out, root.Out);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(CliHarness.Run("run", "--help").Out, run.Out);
    }

    [Fact]
    public void Help_for_an_unknown_command_is_a_usage_error_with_a_guess()
    {
        var result = CliHarness.Run("help", "rnu");

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Equal("error: harmonia: rnu: unknown command; did you mean 'run'?", result.ErrorLines[0]);
    }

    [Fact]
    public void A_mistyped_command_gets_a_suggestion_and_no_second_complaint()
    {
        var result = CliHarness.Run("rnu");

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Equal(["error: harmonia: rnu: unknown command; did you mean 'run'?", "Run 'harmonia --help' for usage."], result.ErrorLines);
    }

    [Theory]
    [InlineData("--sise", "--size")]
    [InlineData("--composit", "--composite")]
    [InlineData("--verbos", "--verbose")]
    [InlineData("--overwirte", "--overwrite")]
    public void A_mistyped_option_gets_a_suggestion(string typed, string meant)
    {
        var result = CliHarness.Run("run", typed, "x", "--input", "in", "--out", "out");

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains($"error: run: {typed}: unknown option; did you mean '{meant}'?", result.ErrorLines);
    }

    [Theory]
    [InlineData("rnu", "run")]
    [InlineData("tarin", "train")]
    [InlineData("mdoels", "models")]
    [InlineData("--sze", "--size")]
    [InlineData("conv", "convert")]
    public void Typo_suggestion_finds_swaps_slips_and_unique_prefixes(string typed, string meant)
    {
        Assert.Equal(meant, TypoSuggestion.Closest(typed, ["run", "train", "eval", "synth", "convert", "models", "bench", "serve", "demo", "--size", "--seed"]));
    }

    [Theory]
    [InlineData("xyzzy")]
    [InlineData("s")]
    public void Typo_suggestion_makes_no_wild_guess(string typed)
    {
        Assert.Null(TypoSuggestion.Closest(typed, ["run", "train", "eval", "synth", "serve"]));
    }

    [Fact]
    public void Short_options_do_what_the_long_ones_do()
    {
        using var folder = new TemporaryFolder();
        var (composite, mask) = TestPictures.WritePair(folder.File("c.png"), folder.File("m.png"), 24, 16);

        var longForm = CliHarness.Run("run", "--composite", composite, "--mask", mask, "--out", folder.File("long.png"), "--model", "reinhard", "--size", "native");
        var shortForm = CliHarness.Run("run", "-c", composite, "-m", mask, "-o", folder.File("short.png"), "--model", "reinhard", "-s", "native");

        Assert.Equal(ExitCodes.Success, longForm.ExitCode);
        Assert.Equal(ExitCodes.Success, shortForm.ExitCode);
        Assert.Equal(File.ReadAllBytes(folder.File("long.png")), File.ReadAllBytes(folder.File("short.png")));
    }

    [Fact]
    public void Files_in_order_are_composite_mask_and_output()
    {
        using var folder = new TemporaryFolder();
        var (composite, mask) = TestPictures.WritePair(folder.File("c.png"), folder.File("m.png"), 24, 16);

        var three = CliHarness.Run("run", composite, mask, folder.File("three.png"), "--model", "reinhard");
        var two = CliHarness.Run("run", composite, mask, "-o", folder.File("two.png"), "--model", "reinhard");

        Assert.Equal(ExitCodes.Success, three.ExitCode);
        Assert.Equal(ExitCodes.Success, two.ExitCode);
        Assert.Equal(File.ReadAllBytes(folder.File("three.png")), File.ReadAllBytes(folder.File("two.png")));
        Assert.NotEqual(ImageFile.Load(composite).Pixels, ImageFile.Load(folder.File("three.png")).Pixels);
    }

    [Theory]
    [InlineData(new[] { "c.png" }, "'c.png' alone is not enough")]
    [InlineData(new[] { "c.png", "m.png" }, "the output is missing")]
    [InlineData(new[] { "c.png", "m.png", "o.png", "--out", "p.png" }, "'o.png' and --out both name the output")]
    [InlineData(new[] { "c.png", "m.png", "o.gif" }, "must end in .png, .jpg or .jpeg")]
    [InlineData(new[] { "c.png", "m.png", "o.png", "--composite", "d.png" }, "--composite cannot be combined with files given in order")]
    public void Files_in_order_that_do_not_fit_are_usage_errors(string[] args, string expected)
    {
        var result = CliHarness.Run(["run", .. args]);

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public void Errors_about_a_file_name_the_file_as_typed_after_the_command()
    {
        using var folder = new TemporaryFolder();
        var (_, mask) = TestPictures.WritePair(folder.File("c.png"), folder.File("m.png"), 24, 16);
        File.WriteAllText(folder.File("notimg.jpg"), "not an image");

        var undecodable = CliHarness.Run("run", folder.File("notimg.jpg"), mask, folder.File("o.png"), "--model", "reinhard");
        var missing = CliHarness.Run("run", folder.File("nope.jpg"), mask, folder.File("o.png"), "--model", "reinhard");

        Assert.StartsWith($"error: run: {folder.File("notimg.jpg")}: unknown image format", Assert.Single(undecodable.ErrorLines));
        Assert.Equal([$"error: run: {folder.File("nope.jpg")}: file not found"], missing.ErrorLines);
    }

    [Fact]
    public void Paths_the_runtime_reports_in_full_are_shown_relative_to_the_current_folder()
    {
        var inside = Path.Combine(Environment.CurrentDirectory, "sub", "file.png");

        Assert.Equal(Path.Combine("sub", "file.png"), ErrorLine.DisplayPath(inside));
        Assert.Equal("/elsewhere/file.png", ErrorLine.DisplayPath("/elsewhere/file.png"));
        Assert.Equal("relative.png", ErrorLine.DisplayPath("relative.png"));
    }
}
