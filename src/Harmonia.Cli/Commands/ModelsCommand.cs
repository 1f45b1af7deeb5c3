using System.CommandLine;
using Harmonia.Cli.Catalog;
using Harmonia.Cli.Inference;
using Spectre.Console;

namespace Harmonia.Cli.Commands;

/// <summary>Options of <c>harmonia models</c> (none).</summary>
public sealed record ModelsSettings;

/// <summary><c>harmonia models</c>: lists the built-in model presets (see <see cref="ModelListing"/>).</summary>
public sealed class ModelsCommand : HarmoniaCommand<ModelsSettings>
{
    /// <summary>Creates the command.</summary>
    public ModelsCommand() : base(
        "models",
        "List the built-in model presets (names for --model): kind, parameter count (counted on the built network), " +
        "value range, and whether weights are bundled and what they were trained on.")
    {
    }

    /// <inheritdoc />
    public override ModelsSettings Bind(ParseResult parse) => new();

    /// <inheritdoc />
    public override void Execute(ModelsSettings settings, CliContext context)
    {
        var table = new Table()
            .AddColumn("Name")
            .AddColumn("Kind")
            .AddColumn(new TableColumn("Parameters").RightAligned())
            .AddColumn("Range")
            .AddColumn("Bundled weights");
        var rows = ModelListing.Create(BundledModels.Directory);
        foreach (var row in rows)
            table.AddRow(Markup.Escape(row.Name), row.Kind, row.ParametersText, Markup.Escape(row.ValueRange), Markup.Escape(row.BundledWeights));
        context.Write(table);

        // Descriptions are long; listed under the table so the table fits an 80-column terminal.
        var nameWidth = rows.Max(row => row.Name.Length);
        foreach (var row in rows)
            context.Out.WriteLine($"{row.Name.PadRight(nameWidth)}  {row.Description}");
        context.Out.WriteLine();
        foreach (var row in rows.Where(row => row.TrainingRecord is not null))
            context.Out.WriteLine($"{row.Name} bundled weights: {row.TrainingRecord!.TrimEnd('.')}.");
        context.Out.WriteLine($"Default for 'run' and 'demo': {ModelChoice.DefaultModel}. Bundled weights: {BundledModels.Description}.");
    }
}
