using Harmonia.Cli.Errors;
using Harmonia.Imaging.Files;
using Harmonia.Tensors;

namespace Harmonia.Cli.Tests;

public class RuntimeErrorTests
{
    [Theory]
    [InlineData("train", "--model", "hdnet-lite", "--data", "no-such-root", "--subsets", "A", "--out", "r")]
    [InlineData("train", "--model", "hdnet-lite", "--photos", "no-such-root", "--masks", "m", "--out", "r")]
    [InlineData("eval", "--model", "reinhard", "--data", "no-such-root", "--subsets", "A", "--out", "o")]
    [InlineData("synth", "--photos", "no-such-root", "--masks", "m", "--recipe", "mixed", "--out", "o", "--subset", "s")]
    public void Commands_name_a_missing_input_folder_in_one_line(params string[] args)
    {
        var result = CliHarness.Run(args);

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: ", line);
        Assert.Contains("no-such-root", line);
    }

    [Fact]
    public void Synth_refused_for_its_photos_claims_nothing_done_and_runs_once_the_masks_are_there()
    {
        using var folder = new TemporaryFolder();
        string photos = folder.File("photos"), masks = folder.File("masks"), output = folder.File("data");
        Directory.CreateDirectory(photos);
        Directory.CreateDirectory(masks);
        ImageFile.Save(Path.Combine(photos, "a.png"), TestPictures.Composite(32, 24));
        ImageFile.Save(Path.Combine(photos, "b.png"), TestPictures.Composite(32, 24));
        string[] args = ["synth", "--photos", photos, "--masks", masks, "--recipe", "lighting", "--out", output, "--subset", "S"];

        var refused = CliHarness.Run(args);

        Assert.Equal(ExitCodes.RuntimeError, refused.ExitCode);
        Assert.Contains("none of the 2 photos can be used", refused.Error);
        Assert.DoesNotContain("done", refused.Error); // it used to print "synthesizing: done, 0 photos" first
        Assert.False(Directory.Exists(output));

        ImageFile.Save(Path.Combine(masks, "a.png"), TestPictures.Mask(32, 24));
        ImageFile.Save(Path.Combine(masks, "b.png"), TestPictures.Mask(32, 24));
        var mended = CliHarness.Run(args);
        Assert.Equal(ExitCodes.Success, mended.ExitCode);
        Assert.Contains("synthesizing: done, 2/2 photos", mended.Error);
    }

    [Fact]
    public void Runtime_error_prints_exactly_one_error_line_and_no_stack_trace()
    {
        var command = new ProbeCommand(_ => throw new CliException("/tmp/x.png", "not a PNG or JPEG file"));

        var result = CliHarness.RunWith(command, ["probe"]);

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.Equal(["error: probe: /tmp/x.png: not a PNG or JPEG file"], result.ErrorLines);
        Assert.Equal("", result.Out);
    }

    [Theory]
    [InlineData("--verbose", "probe")]
    [InlineData("probe", "--verbose")]
    [InlineData("-v", "probe")]
    public void Verbose_adds_the_stack_trace_after_the_error_line(params string[] args)
    {
        var command = new ProbeCommand(_ => ThrowFromNamedMethod());

        var result = CliHarness.RunWith(command, args);

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.Equal("error: probe: disk on fire", result.ErrorLines[0]);
        Assert.Single(result.ErrorLines, line => line.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains(nameof(ThrowFromNamedMethod), result.Error);
        Assert.Contains("   at ", result.Error);
    }

    private static void ThrowFromNamedMethod() => throw new IOException("disk on fire");

    [Fact]
    public void Missing_file_names_the_file()
    {
        var missing = Path.Combine(Path.GetTempPath(), "harmonia-no-such-file-" + Guid.NewGuid().ToString("N") + ".png");
        var command = new ProbeCommand(_ => File.OpenRead(missing).Dispose());

        var result = CliHarness.RunWith(command, ["probe"]);

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.Equal([$"error: probe: {missing}: file not found"], result.ErrorLines);
    }

    [Fact]
    public void Unexpected_exception_is_one_line_naming_an_internal_error()
    {
        var command = new ProbeCommand(_ => throw new NullReferenceException("Object reference not set to an instance of an object."));

        var result = CliHarness.RunWith(command, ["probe"]);

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: probe: internal error (NullReferenceException):", line);
        Assert.Contains("--verbose", line);
    }

    [Fact]
    public void Cancellation_exits_with_130()
    {
        using var cancellation = new CancellationTokenSource();
        var command = new ProbeCommand(context =>
        {
            cancellation.Cancel(); // as Ctrl-C would, while the command runs
            context.Cancellation.ThrowIfCancellationRequested();
        });

        var result = CliHarness.RunWith(command, ["probe"], cancellation.Token);

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        Assert.Equal(["error: probe: cancelled"], result.ErrorLines);
    }

    [Fact]
    public void OperationCanceledException_without_a_cancel_request_is_an_ordinary_runtime_error()
    {
        var command = new ProbeCommand(_ => throw new OperationCanceledException("timed out"));

        Assert.Equal(ExitCodes.RuntimeError, CliHarness.RunWith(command, ["probe"]).ExitCode);
    }

    [Fact]
    public void Threads_option_sets_the_engine_setting_while_the_command_runs_and_restores_it()
    {
        var before = EngineSettings.Threads;
        var wanted = before == 3 ? 5 : 3;
        var seen = 0;
        var command = new ProbeCommand(_ => seen = EngineSettings.Threads);

        var result = CliHarness.RunWith(command, ["--threads", wanted.ToString(), "probe"]);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(wanted, seen);
        Assert.Equal(before, EngineSettings.Threads);
    }

    [Fact]
    public void Global_flags_reach_the_command_context()
    {
        CliContext? seen = null;
        var command = new ProbeCommand(context => seen = context);

        Assert.Equal(ExitCodes.Success, CliHarness.RunWith(command, ["probe", "--quiet", "--verbose"]).ExitCode);
        Assert.True(seen!.Quiet);
        Assert.True(seen.Verbose);

        Assert.Equal(ExitCodes.Success, CliHarness.RunWith(command, ["probe"]).ExitCode);
        Assert.False(seen.Quiet);
        Assert.False(seen.Verbose);
    }
}
