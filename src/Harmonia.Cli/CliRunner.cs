using System.CommandLine;
using Harmonia.Cli.Commands;
using Harmonia.Cli.Errors;
using Harmonia.Tensors;

namespace Harmonia.Cli;

/// <summary>
/// Runs one command line and applies the conventions every command shares: exit code 0 on success,
/// 2 on a usage error (message from the parser), 1 on a runtime error printed as a single
/// <c>error: what: why</c> line (plus the stack trace with <c>--verbose</c>), 130 when cancelled;
/// and the global options (<c>--threads</c>, <c>--verbose</c>, <c>--quiet</c>).
/// </summary>
public sealed class CliRunner
{
    /// <summary>The program name used in usage lines and messages.</summary>
    public const string ProgramName = "harmonia";

    private readonly IReadOnlyList<HarmoniaCommand> commands;

    /// <summary>Creates a runner for the given subcommands (normally <see cref="CommandCatalog.CreateAll"/>).</summary>
    public CliRunner(IReadOnlyList<HarmoniaCommand> commands) => this.commands = commands;

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    public int Run(string[] args, CliConsole console, CancellationToken cancellation)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("Harmonia: image harmonization (HDNet, PHNet) in pure .NET.") { HelpName = ProgramName };
        globals.AddTo(root);
        foreach (var command in commands)
            root.Subcommands.Add(command);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
            return ReportUsageErrors(parse, console.Error);

        if (parse.CommandResult.Command is HarmoniaCommand harmoniaCommand && ReferenceEquals(parse.Action, harmoniaCommand.Action))
            return Execute(harmoniaCommand, parse, globals, console, cancellation);

        // Help, --version, and System.CommandLine's directives.
        return parse.Invoke(new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        });
    }

    private static int ReportUsageErrors(ParseResult parse, TextWriter error)
    {
        var command = parse.CommandResult.Command;
        var commandPath = command is RootCommand ? ProgramName : $"{ProgramName} {command.Name}";
        var what = command is RootCommand ? ProgramName : command.Name;
        foreach (var message in parse.Errors.Select(e => e.Message).Distinct())
            error.WriteLine(new ErrorLine(what, message));
        error.WriteLine($"Run '{commandPath} --help' for usage.");
        return ExitCodes.UsageError;
    }

    private static int Execute(HarmoniaCommand command, ParseResult parse, GlobalOptions globals, CliConsole console, CancellationToken cancellation)
    {
        var verbose = parse.GetValue(globals.Verbose);
        var context = new CliContext(console, verbose, parse.GetValue(globals.Quiet), cancellation);
        var threadsBefore = EngineSettings.Threads;
        try
        {
            if (parse.GetValue(globals.Threads) is int threads)
                EngineSettings.Threads = threads;
            command.Invoke(parse, context);
            return ExitCodes.Success;
        }
        catch (Exception exception) when (cancellation.IsCancellationRequested && ErrorLine.Unwrap(exception) is OperationCanceledException)
        {
            console.Error.WriteLine(new ErrorLine(command.Name, "cancelled"));
            return ExitCodes.Interrupted;
        }
        catch (Exception exception)
        {
            console.Error.WriteLine(ErrorLine.FromException(exception, command.Name));
            if (verbose)
                console.Error.WriteLine(exception.ToString());
            return ExitCodes.RuntimeError;
        }
        finally
        {
            // The engine setting is process-wide; restore it so in-process callers (tests, the web server) are unaffected.
            EngineSettings.Threads = threadsBefore;
        }
    }
}
