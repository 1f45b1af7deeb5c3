using System.CommandLine;
using Harmonia.Cli.Errors;
using Harmonia.Cli.Options;
using Harmonia.Cli.Output;
using Harmonia.Evaluation.Charts;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Cli.Commands;

/// <summary>Options of <c>harmonia plot</c>.</summary>
/// <param name="Table">The tab-separated table (series, x, y).</param>
/// <param name="OutPath">The image to write (PNG, or JPEG by its extension).</param>
/// <param name="LogX">Whether x is drawn on a log scale.</param>
/// <param name="Guides">Heights of dashed horizontal guides.</param>
/// <param name="Overwrite">Whether an existing output may be replaced.</param>
/// <param name="XTitle">What x measures, written under the axis; null for none.</param>
/// <param name="YTitle">What y measures, written above the axis; null for none.</param>
public sealed record PlotSettings(string Table, string OutPath, bool LogX, IReadOnlyList<double> Guides, bool Overwrite,
    string? XTitle = null, string? YTitle = null);

/// <summary><c>harmonia plot</c>: draws a line chart (a learning curve, say) from a table of points.</summary>
public sealed class PlotCommand : HarmoniaCommand<PlotSettings>
{
    private readonly Option<string> table = new("--data") { Description = "Tab-separated table with the header 'series<TAB>x<TAB>y'.", HelpName = "TSV", Required = true };
    private readonly Option<string> output = new("--out", "-o") { Description = "The image to write: a PNG, or a JPEG by its extension.", HelpName = "PNG", Required = true };
    private readonly Option<bool> logX = new("--log-x") { Description = "Draw x on a base-10 log scale." };
    private readonly Option<double[]> guides = new("--guide") { Description = "Draw a dashed horizontal line at this y (repeatable).", HelpName = "Y" };
    private readonly Option<string> xTitle = new("--x-title") { Description = "What x measures, written under the axis (e.g. 'CPU hours').", HelpName = "TEXT" };
    private readonly Option<string> yTitle = new("--y-title") { Description = "What y measures, written above the axis (e.g. 'held-out fMSE').", HelpName = "TEXT" };
    private readonly Option<bool> overwrite = SharedOptions.Overwrite();

    /// <summary>Creates the command.</summary>
    public PlotCommand() : base("plot", "Draw a line chart (for example a learning curve) from a table of points as a PNG, with the series' names in a legend under it in the order they appear.")
    {
        Options.Add(table);
        Options.Add(output);
        Options.Add(logX);
        Options.Add(guides);
        Options.Add(xTitle);
        Options.Add(yTitle);
        Options.Add(overwrite);
        ImageOutputPath.Require(this, output);
    }

    /// <inheritdoc />
    public override PlotSettings Bind(ParseResult parse) => new(
        parse.GetRequiredValue(table), parse.GetRequiredValue(output), parse.GetValue(logX),
        parse.GetValue(guides) ?? [], parse.GetValue(overwrite), parse.GetValue(xTitle), parse.GetValue(yTitle));

    /// <inheritdoc />
    public override void Execute(PlotSettings settings, CliContext context)
    {
        if (!File.Exists(settings.Table)) throw new CliException(settings.Table, "file not found");
        IReadOnlyList<ChartSeries> series;
        try
        {
            series = ChartTable.Parse(File.ReadAllText(settings.Table));
        }
        catch (ChartTableException e)
        {
            throw new CliException(settings.Table, e.Message);
        }
        if (settings.LogX && series.SelectMany(s => s.Points).Any(p => p.X <= 0))
            throw new CliException(settings.Table, "--log-x needs every x above 0");
        var guideLines = settings.Guides.Select(y => new ChartGuide(y, (120, 120, 120))).ToList();
        Image chart;
        try
        {
            chart = LineChart.Render(series, logX: settings.LogX, guides: guideLines, xTitle: settings.XTitle, yTitle: settings.YTitle);
        }
        catch (ArgumentException e)
        {
            throw new CliException(settings.Table, e.Message);
        }
        OverwriteGuard.EnsureFileCanBeWritten(settings.OutPath, settings.Overwrite);
        Output.OutputFileWriter.WriteAllBytes(settings.OutPath, ImageFile.Encode(chart, ImageFile.FormatFromExtension(settings.OutPath)), settings.Overwrite);
        for (int i = 0; i < series.Count; i++) context.Out.WriteLine($"{i + 1}: {series[i].Name} ({series[i].Points.Count} points)");
        context.Out.WriteLine($"wrote {settings.OutPath}");
    }
}
