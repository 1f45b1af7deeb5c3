using Harmonia.Cli.Reporting;
using Spectre.Console;

namespace Harmonia.Cli;

/// <summary>
/// What a running command gets besides its options: where to write, the global flags, the
/// cancellation token (Ctrl-C), progress reporting and table output.
/// </summary>
public sealed class CliContext
{
    /// <summary>How often plain (non-terminal) progress writes a line.</summary>
    public static readonly TimeSpan PlainProgressInterval = TimeSpan.FromSeconds(10);

    private readonly CliConsole console;
    private readonly TimeProvider time;
    private IAnsiConsole? outConsole;
    private IAnsiConsole? errorConsole;

    /// <summary>Creates the context for one command run.</summary>
    public CliContext(CliConsole console, bool verbose, bool quiet, CancellationToken cancellation, TimeProvider? time = null)
    {
        this.console = console;
        Verbose = verbose;
        Quiet = quiet;
        Cancellation = cancellation;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>Results (tables, JSON, listings): what a script captures.</summary>
    public TextWriter Out => console.Out;

    /// <summary>Diagnostics: status, progress, warnings. Errors are printed by the runner, not by commands.</summary>
    public TextWriter Error => console.Error;

    /// <summary><c>--verbose</c>: print details (and stack traces on errors).</summary>
    public bool Verbose { get; }

    /// <summary><c>--quiet</c>: no progress and no status lines; results and errors are still printed.</summary>
    public bool Quiet { get; }

    /// <summary>Signalled by Ctrl-C / SIGTERM. Long loops must pass it on or check it
    /// (<c>Cancellation.ThrowIfCancellationRequested()</c>); the runner then exits with code 130.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>Writes a status line ("loaded 412 images") to stderr, unless <c>--quiet</c>.</summary>
    public void Status(string message)
    {
        if (!Quiet)
            Error.WriteLine(message);
    }

    /// <summary>Writes a detail line to stderr only with <c>--verbose</c>.</summary>
    public void Detail(string message)
    {
        if (Verbose)
            Error.WriteLine(message);
    }

    /// <summary>
    /// Starts reporting progress of an operation on stderr: a live bar on a terminal, a plain line every
    /// <see cref="PlainProgressInterval"/> otherwise, nothing with <c>--quiet</c>. Dispose the result when done.
    /// </summary>
    /// <param name="description">What is being done, e.g. "Harmonizing".</param>
    /// <param name="total">How many items there are, or null when unknown (no ETA then).</param>
    /// <param name="unit">The items' name in the plural, e.g. "images", "steps".</param>
    public IProgressReporter StartProgress(string description, long? total, string unit = "items")
    {
        if (Quiet)
            return new SilentProgressReporter();
        if (console.IsInteractive)
            return new SpectreProgressReporter(ErrorConsole, description, total, unit);
        return new PlainProgressReporter(Error, description, total, unit, time, PlainProgressInterval);
    }

    /// <summary>Renders a Spectre.Console table (or any renderable) to <see cref="Out"/>; plain text without
    /// colors when stdout is not a terminal.</summary>
    public void Write(Spectre.Console.Rendering.IRenderable renderable) => OutConsole.Write(renderable);

    private IAnsiConsole OutConsole => outConsole ??= CreateSpectreConsole(Out);

    private IAnsiConsole ErrorConsole => errorConsole ??= CreateSpectreConsole(Error);

    private IAnsiConsole CreateSpectreConsole(TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = console.IsInteractive ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = console.IsInteractive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = console.IsInteractive ? InteractionSupport.Yes : InteractionSupport.No,
    });
}
