using Harmonia.Cli.Reporting;
using Spectre.Console;

namespace Harmonia.Cli.Tests;

public class PlainProgressTests
{
    [Fact]
    public void Writes_a_start_line_periodic_lines_with_rate_and_eta_and_a_closing_line()
    {
        var clock = new ManualTimeProvider();
        var log = new StringWriter();

        using (var progress = new PlainProgressReporter(log, "Harmonizing", total: 100, unit: "images", clock, TimeSpan.FromSeconds(10)))
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            progress.Advance(10); // before the interval: no line
            clock.Advance(TimeSpan.FromSeconds(5));
            progress.Advance(10); // 20 images in 10 s -> 2/s, 80 left -> 40 s
            clock.Advance(TimeSpan.FromSeconds(30));
            progress.Advance(80);
        }

        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
        [
            "Harmonizing: started, 100 images",
            "Harmonizing: 20/100 images (20%), 2.00 images/s, ETA 40s",
            "Harmonizing: 100/100 images (100%), 2.50 images/s, ETA 0s",
            "Harmonizing: done, 100/100 images (100%) in 40s (2.50 images/s)",
        ], lines);
    }

    [Fact]
    public void Failures_are_counted_in_the_lines_and_the_closing_line_does_not_say_done()
    {
        var clock = new ManualTimeProvider();
        var log = new StringWriter();

        using (var progress = new PlainProgressReporter(log, "Harmonizing", total: 4, unit: "images", clock, TimeSpan.FromSeconds(10)))
        {
            progress.Fail();
            clock.Advance(TimeSpan.FromSeconds(10));
            progress.Fail(2);
            progress.Advance();
            Assert.Equal((4, 3), (progress.Completed, progress.Failed));
        }

        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
        [
            "Harmonizing: started, 4 images",
            "Harmonizing: 3/4 images (75%), 3 failed, 0.30 images/s, ETA 3s",
            "Harmonizing: finished with 3 of 4 images failed, in 10s",
        ], lines);
    }

    [Fact]
    public void Unknown_total_has_no_eta_and_early_stop_is_reported()
    {
        var clock = new ManualTimeProvider();
        var log = new StringWriter();

        using (var progress = new PlainProgressReporter(log, "Training", total: null, unit: "steps", clock, TimeSpan.FromSeconds(10)))
        {
            clock.Advance(TimeSpan.FromMinutes(2));
            progress.Advance(30);
        }

        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["Training: started", "Training: 30 steps, 0.25 steps/s", "Training: done, 30 steps in 2m 00s (0.25 steps/s)"], lines);

        var stopped = new StringWriter();
        using (var progress = new PlainProgressReporter(stopped, "Eval", total: 10, unit: "images", clock, TimeSpan.FromSeconds(10)))
            progress.Advance(3);
        Assert.EndsWith("Eval: stopped at 3/10 images (30%) after 0s", stopped.ToString().Trim());
    }

    [Fact]
    public void Counts_every_advance_from_many_threads()
    {
        var clock = new ManualTimeProvider();
        using var progress = new PlainProgressReporter(TextWriter.Null, "x", 80_000, "items", clock, TimeSpan.FromSeconds(10));

        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 10_000; i++)
                progress.Advance();
        });

        Assert.Equal(80_000, progress.Completed);
    }

    [Theory]
    [InlineData(0.4, "0s")]
    [InlineData(59, "59s")]
    [InlineData(61, "1m 01s")]
    [InlineData(3 * 3600 + 125, "3h 02m")]
    public void Durations_are_short_and_readable(double seconds, string expected)
    {
        Assert.Equal(expected, ProgressFormat.Duration(TimeSpan.FromSeconds(seconds)));
    }
}

public class CliContextProgressTests
{
    [Fact]
    public void Quiet_shows_no_progress_but_still_counts()
    {
        var error = new StringWriter();
        var context = new CliContext(new CliConsole(TextWriter.Null, error, IsInteractive: true), verbose: false, quiet: true, CancellationToken.None);

        using (var progress = context.StartProgress("Harmonizing", 2))
        {
            progress.Advance(2);
            Assert.Equal(2, progress.Completed);
        }
        context.Status("loaded");

        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void Non_terminal_output_gets_plain_lines_on_stderr()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(new CliConsole(output, error, IsInteractive: false), verbose: false, quiet: false, CancellationToken.None);

        using (var progress = context.StartProgress("Harmonizing", 2, "images"))
            progress.Advance(2);

        Assert.Equal("", output.ToString());
        Assert.StartsWith("Harmonizing: started, 2 images", error.ToString());
        Assert.Contains("Harmonizing: done, 2/2 images", error.ToString());
        Assert.DoesNotContain("\u001b[", error.ToString());
    }

    [Fact]
    public void Live_bar_renders_description_and_count()
    {
        var screen = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(screen),
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
        });

        using (var progress = new SpectreProgressReporter(console, "Harmonizing [batch]", total: 5, unit: "images"))
        {
            progress.Advance(5);
            Assert.Equal(5, progress.Completed);
        }

        var rendered = screen.ToString();
        Assert.Contains("Harmonizing [batch]", rendered); // markup characters in descriptions are escaped, not interpreted
        Assert.Contains("5/5 images", rendered);
    }

    [Fact]
    public void Tables_render_as_plain_text_when_stdout_is_not_a_terminal()
    {
        var output = new StringWriter();
        var context = new CliContext(new CliConsole(output, TextWriter.Null, IsInteractive: false), verbose: false, quiet: false, CancellationToken.None);
        var table = new Table().AddColumn("Preset").AddColumn("Input");
        table.AddRow("hdnet", "256");

        context.Write(table);

        Assert.Contains("hdnet", output.ToString());
        Assert.Contains("Preset", output.ToString());
        Assert.DoesNotContain("\u001b[", output.ToString());
    }
}
