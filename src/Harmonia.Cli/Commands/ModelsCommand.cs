using System.CommandLine;

namespace Harmonia.Cli.Commands;

/// <summary>Options of <c>harmonia models</c> (none).</summary>
public sealed record ModelsSettings;

/// <summary><c>harmonia models</c>: lists the built-in model presets.</summary>
public sealed class ModelsCommand : HarmoniaCommand<ModelsSettings>
{
    /// <summary>Creates the command.</summary>
    public ModelsCommand() : base("models", "List the built-in model presets (names for --model).")
    {
    }

    /// <inheritdoc />
    public override ModelsSettings Bind(ParseResult parse) => new();

    /// <inheritdoc />
    public override void Execute(ModelsSettings settings, CliContext context) => throw NotAvailableYet();
}
