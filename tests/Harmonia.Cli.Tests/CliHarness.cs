using Harmonia.Cli.Commands;

namespace Harmonia.Cli.Tests;

/// <summary>The outcome of one in-process command-line run.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs the command line in-process and captures what it writes.</summary>
internal static class CliHarness
{
    /// <summary>Runs the real program (all subcommands) through <see cref="Program.Run(string[], TextWriter, TextWriter)"/>.</summary>
    public static CliResult Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = Program.Run(args, stdout, stderr);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs a runner holding only <paramref name="command"/>, so tests can exercise the shared
    /// conventions with a command whose behavior they control.</summary>
    public static CliResult RunWith(HarmoniaCommand command, string[] args, CancellationToken cancellation = default)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = new CliRunner([command]).Run(args, new CliConsole(stdout, stderr, IsInteractive: false), cancellation);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>The settings of <see cref="ProbeCommand"/>: its one option.</summary>
internal sealed record ProbeSettings(string? Out);

/// <summary>A test command named "probe" that runs the given work with the runner's context.</summary>
internal sealed class ProbeCommand : HarmoniaCommand<ProbeSettings>
{
    private readonly System.CommandLine.Option<string?> output = new("--out");
    private readonly Action<ProbeSettings, CliContext> work;

    public ProbeCommand(Action<ProbeSettings, CliContext> work) : base("probe", "A command for tests.")
    {
        this.work = work;
        Options.Add(output);
    }

    public ProbeCommand(Action<CliContext> work) : this((_, context) => work(context))
    {
    }

    public override ProbeSettings Bind(System.CommandLine.ParseResult parse) => new(parse.GetValue(output));

    public override void Execute(ProbeSettings settings, CliContext context) => work(settings, context);
}

/// <summary>A clock that only moves when the test says so.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => ticks;

    public void Advance(TimeSpan by) => ticks += by.Ticks;
}

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "harmonia-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
