namespace Harmonia.Cli;

/// <summary>Where a command-line run writes, and whether a person is watching.</summary>
/// <param name="Out">Results: tables, JSON, listings (what a script would capture).</param>
/// <param name="Error">Diagnostics: errors, progress, status lines.</param>
/// <param name="IsInteractive">True when both streams are a terminal, so live progress bars make sense;
/// false for pipes, files, CI logs and tests, which get plain periodic lines instead.</param>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool IsInteractive)
{
    /// <summary>The process console; interactive when neither stream is redirected and TERM is not "dumb".</summary>
    public static CliConsole FromProcessConsole() => new(
        Console.Out,
        Console.Error,
        IsInteractive: !Console.IsOutputRedirected && !Console.IsErrorRedirected
                       && Environment.GetEnvironmentVariable("TERM") != "dumb");
}
