using System.CommandLine;
using Harmonia.Cli.Demo;
using Harmonia.Cli.Inference;
using Harmonia.Cli.Options;
using Harmonia.Imaging;
using Harmonia.Models;

namespace Harmonia.Cli.Commands;

/// <summary>Options of <c>harmonia demo</c>.</summary>
/// <param name="Out">The file to write.</param>
/// <param name="Overwrite">Whether an existing file may be replaced.</param>
/// <param name="Model">Preset to demonstrate, or null for the default (<see cref="ModelChoice.DefaultModel"/>, bundled weights).</param>
/// <param name="Output">How the network's result becomes the picture.</param>
public sealed record DemoSettings(string Out, bool Overwrite, string? Model = null, OutputMode Output = OutputModeNames.Default);

/// <summary>
/// <c>harmonia demo</c>: harmonizes the procedurally drawn <see cref="DemoScene"/> and writes the
/// three-panel <see cref="DemoSheet"/>. There is no silent fallback: without bundled weights the default
/// model fails with an error that says so.
/// </summary>
public sealed class DemoCommand : HarmoniaCommand<DemoSettings>
{
    private readonly Option<string> output = new("--out", "-o")
    {
        Description = "The image to write (.png or .jpg): three 256x256 panels with 8-pixel white gaps (784x256): " +
                      "composite | harmonized | mask outline over the composite.",
        HelpName = "FILE",
        Required = true,
    };

    private readonly Option<string?> model = SharedOptions.Model("to demonstrate", whenOmitted: $"{ModelChoice.DefaultModel} with its bundled weights");

    private readonly Option<bool> overwrite = SharedOptions.Overwrite();
    private readonly Option<string> outputMode = SharedOptions.Output();

    /// <summary>Creates the command.</summary>
    public DemoCommand() : base(
        "demo",
        "Write a demonstration picture: an example composite harmonized by the bundled default model. The example is drawn " +
        "procedurally (a synthetic sunset with a cold, too-bright vase pasted on it), so no photo ships with Harmonia.")
    {
        Options.Add(output);
        Options.Add(model);
        Options.Add(overwrite);
        Options.Add(outputMode);

        model.AcceptOnlyFromAmong([.. ModelCatalog.Presets.Select(preset => preset.Name)]);
        ImageOutputPath.Require(this, output);
    }

    /// <inheritdoc />
    public override DemoSettings Bind(ParseResult parse) => new(
        Out: parse.GetRequiredValue(output),
        Overwrite: parse.GetValue(overwrite),
        Model: parse.GetValue(model),
        Output: OutputModeNames.Parse(parse.GetRequiredValue(outputMode)));

    /// <inheritdoc />
    public override void Execute(DemoSettings settings, CliContext context)
    {
        Output.OverwriteGuard.EnsureFileCanBeWritten(settings.Out, settings.Overwrite);
        var harmonizer = new ModelChoice(settings.Model, ConfigPath: null, WeightsPath: null, settings.Output).Load(BundledModels.Directory);
        var (composite, mask) = DemoScene.Create();
        // The scene's 256x256 is the networks' training resolution and a multiple of 8, so it runs natively.
        var harmonized = new ImageHarmonizer(harmonizer).Harmonize(composite, mask, workingSize: null);
        var sheet = DemoSheet.Compose(composite, harmonized, mask);
        FileHarmonizer.Save(sheet, settings.Out, settings.Overwrite);
        context.Status($"wrote {settings.Out} ({sheet.Width}x{sheet.Height}): composite | {harmonizer.Name} | mask outline");
    }
}
