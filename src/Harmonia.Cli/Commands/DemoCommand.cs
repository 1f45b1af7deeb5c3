using System.CommandLine;
using Harmonia.Cli.Options;

namespace Harmonia.Cli.Commands;

/// <summary>Options of <c>harmonia demo</c>.</summary>
/// <param name="Out">The file to write.</param>
/// <param name="Overwrite">Whether an existing file may be replaced.</param>
public sealed record DemoSettings(string Out, bool Overwrite);

/// <summary><c>harmonia demo</c>: produces a self-contained demonstration of harmonization.</summary>
public sealed class DemoCommand : HarmoniaCommand<DemoSettings>
{
    private readonly Option<string> output = new("--out")
    {
        Description = "The file to write.",
        HelpName = "FILE",
        Required = true,
    };

    private readonly Option<bool> overwrite = SharedOptions.Overwrite();

    /// <summary>Creates the command.</summary>
    public DemoCommand() : base("demo", "Write a demonstration: a sample composite harmonized by the built-in models.")
    {
        Options.Add(output);
        Options.Add(overwrite);
    }

    /// <inheritdoc />
    public override DemoSettings Bind(ParseResult parse) => new(Out: parse.GetRequiredValue(output), Overwrite: parse.GetValue(overwrite));

    /// <inheritdoc />
    public override void Execute(DemoSettings settings, CliContext context) => throw NotAvailableYet();
}
