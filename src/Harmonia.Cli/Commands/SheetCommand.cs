using System.CommandLine;
using System.Globalization;
using System.Text;
using Harmonia.Cli.Demo;
using Harmonia.Cli.Errors;
using Harmonia.Cli.Inference;
using Harmonia.Cli.Options;
using Harmonia.Evaluation.Metrics;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;
using Harmonia.Models;

namespace Harmonia.Cli.Commands;

/// <summary>Options of <c>harmonia sheet</c>.</summary>
/// <param name="Composites">Folder of composites (PNG or JPEG).</param>
/// <param name="Masks">Folder of masks with the composites' names (any image extension).</param>
/// <param name="Columns">One model per column: a preset name or a weights file, with an optional ":dense" or ":min-change=N" suffix.</param>
/// <param name="Size">Working size of the networks.</param>
/// <param name="OutPath">The sheet to write (.png or .jpg).</param>
/// <param name="Overwrite">Whether an existing sheet may be replaced.</param>
public sealed record SheetSettings(string Composites, string Masks, IReadOnlyList<string> Columns, int Size, string OutPath, bool Overwrite);

/// <summary>
/// <c>harmonia sheet</c>: a contact sheet for comparing models on real composites: one row per
/// composite, its first panel the composite with the mask's outline, then one panel per model.
/// Next to the sheet, a table (.tsv) of how each model changed each object's mean colour
/// (<see cref="ObjectHueChange"/>); the objects that change hue family are listed per column.
/// </summary>
public sealed class SheetCommand : HarmoniaCommand<SheetSettings>
{
    private const int Gutter = 6;

    private readonly Option<string> composites = new("--composites") { Description = "Folder of composites (PNG or JPEG).", HelpName = "DIR", Required = true };
    private readonly Option<string> masks = new("--masks") { Description = "Folder of masks named like the composites.", HelpName = "DIR", Required = true };
    private readonly Option<string[]> columns = new("--column")
    {
        Description = "A model for one column: a preset name or a weights file, ':dense' appended for the network's own pixels, or ':min-change=N' and ':color-guard=off|on|DEGREES,KEPT' for the colour map with another --min-change or --color-guard (repeatable, in order).",
        HelpName = "MODEL[:dense|:min-change=N][:color-guard=G]",
        Required = true,
    };
    private readonly Option<int> size = new("--size", "-s") { Description = "Working size of the networks (default 256).", HelpName = "N", DefaultValueFactory = _ => 256 };
    private readonly Option<string> output = new("--out", "-o") { Description = "The sheet to write (.png or .jpg).", HelpName = "FILE", Required = true };
    private readonly Option<bool> overwrite = SharedOptions.Overwrite();

    /// <summary>Creates the command.</summary>
    public SheetCommand() : base("sheet", "Compare models on a folder of composites: one row per composite (with the mask's outline), one column per model.")
    {
        Options.Add(composites);
        Options.Add(masks);
        Options.Add(columns);
        Options.Add(size);
        Options.Add(output);
        Options.Add(overwrite);
        ImageOutputPath.Require(this, output);
    }

    /// <inheritdoc />
    public override SheetSettings Bind(ParseResult parse) => new(
        parse.GetRequiredValue(composites), parse.GetRequiredValue(masks), parse.GetRequiredValue(columns),
        parse.GetValue(size), parse.GetRequiredValue(output), parse.GetValue(overwrite));

    /// <inheritdoc />
    public override void Execute(SheetSettings settings, CliContext context)
    {
        foreach (var folder in new[] { settings.Composites, settings.Masks })
            if (!Directory.Exists(folder)) throw new CliException(folder, "no such folder");
        if (settings.Size is < 1 or > ProcessingSize.MaxPixels) throw new CliException("--size", $"must be in 1..{ProcessingSize.MaxPixels}, got {settings.Size}");
        var models = settings.Columns.Select(column => new ImageHarmonizer(LoadColumn(column))).ToList();
        foreach (var model in models) ModelChoice.CheckRequestedSize(ProcessingSize.Square(settings.Size), model.Harmonizer);
        Output.OverwriteGuard.EnsureFileCanBeWritten(settings.OutPath, settings.Overwrite);
        string tablePath = Path.ChangeExtension(settings.OutPath, ".tsv");
        Output.OverwriteGuard.EnsureFileCanBeWritten(tablePath, settings.Overwrite);

        var pairs = MatchPairs(settings.Composites, settings.Masks);
        if (pairs.Count == 0) throw new CliException(settings.Composites, "holds no composite with a mask of the same name");

        var rows = new List<Image>();
        var hueTable = new StringBuilder("composite\tcolumn\tdelta_l\tchroma_before\tchroma_after\thue_shift_degrees\tchanges_hue_family\n");
        var familyChanges = settings.Columns.Select(_ => new List<string>()).ToArray();
        foreach (var (compositePath, maskPath) in pairs)
        {
            var composite = ChannelConversion.ToRgb(ImageFile.Load(compositePath));
            var mask = MaskLoader.Load(maskPath);
            if (mask.Width != composite.Width || mask.Height != composite.Height)
                throw new CliException(maskPath, $"is {mask.Width}x{mask.Height} but its composite is {composite.Width}x{composite.Height}");
            var panels = new List<Image> { DemoSheet.WithOutline(composite, mask) };
            var outputs = models.Select(model => model.Harmonize(composite, mask, settings.Size)).ToList();
            panels.AddRange(outputs);
            rows.Add(Row(panels));
            string name = Path.GetFileNameWithoutExtension(compositePath);
            var foreground = ForegroundMask.FromWeights(mask.Width, mask.Height, mask.Values);
            for (int column = 0; column < outputs.Count; column++)
            {
                if (ObjectHueChange.Measure(composite, outputs[column], foreground) is not { } change) continue;
                if (change.ChangesHueFamily) familyChanges[column].Add(name);
                hueTable.Append(CultureInfo.InvariantCulture, $"{name}\t{settings.Columns[column]}\t{change.DeltaL:F2}\t{change.ChromaBefore:F2}\t{change.ChromaAfter:F2}\t{change.HueShiftDegrees:F1}\t{(change.ChangesHueFamily ? 1 : 0)}\n");
            }
            context.Status($"{Path.GetFileName(compositePath)}: done");
        }
        var sheet = Stack(rows);
        Output.OutputFileWriter.WriteAllBytes(settings.OutPath, ImageFile.Encode(sheet, ImageFile.FormatFromExtension(settings.OutPath), jpegQuality: 90), settings.Overwrite);
        Output.OutputFileWriter.WriteAllText(tablePath, hueTable.ToString(), settings.Overwrite);
        context.Out.WriteLine($"wrote {settings.OutPath} ({pairs.Count} rows, {settings.Columns.Count + 1} panels each) and the objects' colour changes to {tablePath}");
        for (int column = 0; column < settings.Columns.Count; column++)
        {
            var changed = familyChanges[column];
            context.Out.WriteLine($"{settings.Columns[column]}: {changed.Count} of {pairs.Count} objects change hue family{(changed.Count > 0 ? $" ({string.Join(", ", changed)})" : "")}");
        }
    }

    private static IHarmonizer LoadColumn(string column)
    {
        const string MinimumChangeKey = "min-change=", ColorGuardKey = "color-guard=";
        string name = column;
        var mode = OutputModeNames.Default;
        double minimumChange = ColorMapHarmonizer.DefaultMinimumChange;
        ColorGuard? colorGuard = null;
        // Suffixes are read from the end, so a weights path may itself hold a colon.
        for (int colon = name.LastIndexOf(':'); colon >= 0; colon = name.LastIndexOf(':'))
        {
            string suffix = name[(colon + 1)..];
            if (suffix == "dense")
                mode = OutputMode.Dense;
            else if (suffix.StartsWith(MinimumChangeKey, StringComparison.Ordinal))
            {
                string value = suffix[MinimumChangeKey.Length..];
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out minimumChange)
                    || !ColorMapHarmonizer.IsValidMinimumChange(minimumChange))
                    throw new CliException(column, $"min-change expects a number of 8-bit levels from 0 to 255, got '{value}'");
            }
            else if (suffix.StartsWith(ColorGuardKey, StringComparison.Ordinal))
            {
                try
                {
                    colorGuard = ColorGuard.Parse(suffix[ColorGuardKey.Length..]);
                }
                catch (FormatException error)
                {
                    throw new CliException(column, $"color-guard {error.Message}", error);
                }
            }
            else break;
            name = name[..colon];
        }
        if (mode == OutputMode.Dense && (colorGuard is not null || minimumChange != ColorMapHarmonizer.DefaultMinimumChange))
            throw new CliException(column, "min-change and color-guard apply to the colour map, not to ':dense'");
        bool isFile = File.Exists(name);
        if (!isFile && ModelCatalog.Presets.All(p => p.Name != name))
            throw new CliException(column, "is neither a weights file nor a preset (see 'harmonia models')");
        var choice = isFile ? new ModelChoice(null, null, name, mode, minimumChange, colorGuard) : new ModelChoice(name, null, null, mode, minimumChange, colorGuard);
        return choice.Load(BundledModels.Directory);
    }

    // Composites in name order, each with the mask whose file name has the same stem.
    private static List<(string Composite, string Mask)> MatchPairs(string compositeFolder, string maskFolder)
    {
        string[] extensions = [".png", ".jpg", ".jpeg"];
        var maskByStem = Directory.EnumerateFiles(maskFolder)
            .Where(f => extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .GroupBy(f => Path.GetFileNameWithoutExtension(f), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).First(), StringComparer.Ordinal);
        return Directory.EnumerateFiles(compositeFolder)
            .Where(f => extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .Where(f => maskByStem.ContainsKey(Path.GetFileNameWithoutExtension(f)))
            .Select(f => (f, maskByStem[Path.GetFileNameWithoutExtension(f)]))
            .ToList();
    }

    // Panels side by side on white, each scaled to the first panel's height.
    private static Image Row(IReadOnlyList<Image> panels)
    {
        int height = panels[0].Height;
        var scaled = panels.Select(p => p.Height == height ? p : ImageResizer.Resize(p, Math.Max(1, p.Width * height / p.Height), height, ResamplingFilter.Bicubic)).ToList();
        int width = scaled.Sum(p => p.Width) + Gutter * (scaled.Count - 1);
        var row = new Image(width, height, 3);
        Array.Fill(row.Pixels, (byte)255);
        int x = 0;
        foreach (var panel in scaled)
        {
            Blit(row, panel, x, 0);
            x += panel.Width + Gutter;
        }
        return row;
    }

    private static Image Stack(IReadOnlyList<Image> rows)
    {
        int width = rows.Max(r => r.Width), height = rows.Sum(r => r.Height) + Gutter * (rows.Count - 1);
        var sheet = new Image(width, height, 3);
        Array.Fill(sheet.Pixels, (byte)255);
        int y = 0;
        foreach (var row in rows)
        {
            Blit(sheet, row, 0, y);
            y += row.Height + Gutter;
        }
        return sheet;
    }

    private static void Blit(Image target, Image source, int left, int top)
    {
        for (int y = 0; y < source.Height; y++)
            Array.Copy(source.Pixels, y * source.Width * 3, target.Pixels, ((top + y) * target.Width + left) * 3, source.Width * 3);
    }
}
