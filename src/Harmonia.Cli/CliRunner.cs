using System.CommandLine;
using Harmonia.Cli.Commands;
using Harmonia.Cli.Errors;
using Harmonia.Tensors;

namespace Harmonia.Cli;

/// <summary>
/// Runs one command line and applies the conventions every command shares: exit code 0 on success,
/// 2 on a usage error, 1 on a runtime error, each printed as
/// <c>error: command: [subject: ]problem</c> lines (<see cref="ErrorLine"/>) (plus the stack trace with <c>--verbose</c>), 130 when cancelled;
/// and the global options (<c>--threads</c>, <c>--verbose</c>, <c>--quiet</c>).
/// </summary>
public sealed class CliRunner
{
    /// <summary>The program name used in usage lines and messages.</summary>
    public const string ProgramName = "harmonia";

    private readonly IReadOnlyList<HarmoniaCommand> commands;

    /// <summary>Creates a runner for the given subcommands (normally <see cref="CommandCatalog.CreateAll"/>).</summary>
    public CliRunner(IReadOnlyList<HarmoniaCommand> commands) => this.commands = commands;

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code. No arguments at all
    /// show the help, and <c>help [COMMAND]</c> is <c>[COMMAND] --help</c>.</summary>
    public int Run(string[] args, CliConsole console, CancellationToken cancellation)
    {
        args = HelpRequestToOption(args);
        var globals = new GlobalOptions();
        var root = new RootCommand("Harmonia: image harmonization (HDNet, PHNet) in pure .NET.") { HelpName = ProgramName };
        globals.AddTo(root);
        foreach (var command in commands)
            root.Subcommands.Add(command);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
            return ReportUsageErrors(parse, console.Error);
        if (UnknownHelpTopic(args, root) is { } topic)
        {
            var guess = TypoSuggestion.Closest(topic, root.Subcommands.Select(command => command.Name));
            console.Error.WriteLine(new ErrorLine(ProgramName, topic, "unknown command" + (guess is null ? "" : $"; did you mean '{guess}'?")));
            console.Error.WriteLine($"Run '{ProgramName} help' for the list of commands.");
            return ExitCodes.UsageError;
        }

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

    /// <summary>The word that asks for help as a command, as in <c>harmonia help run</c>.</summary>
    public const string HelpCommand = "help";

    // 'help nope' parses as '--help' with a stray word, which the parser ignores in favour of the help.
    private static string? UnknownHelpTopic(string[] args, RootCommand root) =>
        args.Length >= 2 && args[^1] == "--help" && !args[0].StartsWith('-')
        && root.Subcommands.All(command => command.Name != args[0]) ? args[0] : null;

    private static string[] HelpRequestToOption(string[] args)
    {
        if (args.Length == 0)
            return ["--help"];
        if (args[0] == HelpCommand)
            return [.. args.Skip(1), "--help"];
        return args;
    }

    private static int ReportUsageErrors(ParseResult parse, TextWriter error)
    {
        var command = parse.CommandResult.Command;
        var commandPath = command is RootCommand ? ProgramName : $"{ProgramName} {command.Name}";
        foreach (var line in UsageErrors.Describe(parse))
            error.WriteLine(line);
        error.WriteLine($"Run '{commandPath} --help' for usage.");
        return ExitCodes.UsageError;
    }

    private static int Execute(HarmoniaCommand command, ParseResult parse, GlobalOptions globals, CliConsole console, CancellationToken cancellation)
    {
        var verbose = parse.GetValue(globals.Verbose);
        var context = new CliContext(console, verbose, parse.GetValue(globals.Quiet), cancellation);
        // The engine setting is process-wide; the scope gives it back so in-process callers (tests, the web server) are unaffected.
        using var threads = EngineSettings.UseThreads(parse.GetValue(globals.Threads) ?? EngineSettings.Threads);
        try
        {
            command.Invoke(parse, context);
            return ExitCodes.Success;
        }
        catch (Exception exception) when (cancellation.IsCancellationRequested && ErrorLine.Unwrap(exception) is OperationCanceledException)
        {
            console.Error.WriteLine(new ErrorLine(command.Name, null, "cancelled"));
            return ExitCodes.Interrupted;
        }
        catch (Exception exception)
        {
            console.Error.WriteLine(ErrorLine.FromException(exception, command.Name));
            if (verbose)
                console.Error.WriteLine(exception.ToString());
            return ExitCodes.RuntimeError;
        }
    }
}
