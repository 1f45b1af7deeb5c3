using System.CommandLine;
using Harmonia.Cli.Errors;

namespace Harmonia.Cli.Commands;

/// <summary>
/// A <c>harmonia</c> subcommand. Subclass <see cref="HarmoniaCommand{TSettings}"/>; the runner
/// (<see cref="CliRunner"/>) parses, applies the global options and maps errors to exit codes.
/// </summary>
public abstract class HarmoniaCommand : Command
{
    /// <summary>Creates the command with its name and one-line help description.</summary>
    protected HarmoniaCommand(string name, string description) : base(name, description)
    {
        // Marks the command as invocable for System.CommandLine; CliRunner recognizes this action and runs
        // the command itself, because the work needs a CliContext (writers, cancellation, progress).
        SetAction((Action<ParseResult>)(_ => throw new InvalidOperationException($"'{Name}' must be run through {nameof(CliRunner)}.")));
    }

    /// <summary>Binds the parsed options and executes the command.</summary>
    internal abstract void Invoke(ParseResult parse, CliContext context);
}

/// <summary>
/// A subcommand whose parsed options form a <typeparamref name="TSettings"/> record. Option rules
/// (conflicts, ranges) belong in the constructor as parser validators so they are usage errors (exit 2).
/// </summary>
/// <typeparam name="TSettings">The command's parsed options.</typeparam>
public abstract class HarmoniaCommand<TSettings> : HarmoniaCommand
{
    /// <inheritdoc />
    protected HarmoniaCommand(string name, string description) : base(name, description)
    {
    }

    /// <summary>Reads the command's options from a successful parse.</summary>
    public abstract TSettings Bind(ParseResult parse);

    /// <summary>Does the work. Report failures by throwing (<see cref="CliException"/> or a library exception);
    /// return normally for success.</summary>
    public abstract void Execute(TSettings settings, CliContext context);

    internal sealed override void Invoke(ParseResult parse, CliContext context) => Execute(Bind(parse), context);
}
