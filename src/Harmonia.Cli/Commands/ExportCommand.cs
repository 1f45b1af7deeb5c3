using System.CommandLine;
using System.Globalization;
using Harmonia.Cli.Errors;
using Harmonia.Cli.Inference;
using Harmonia.Cli.Options;
using Harmonia.Cli.Output;
using Harmonia.Models;
using Harmonia.Onnx.Export;
using Harmonia.Onnx.Graph;

namespace Harmonia.Cli.Commands;

/// <summary>Options of <c>harmonia export</c>.</summary>
/// <param name="Onnx">The .onnx file to write.</param>
/// <param name="Model">Preset name, or null.</param>
/// <param name="Config">Model configuration file, or null.</param>
/// <param name="Weights">Weights file (.pth or .safetensors), or null for the preset's bundled weights.</param>
/// <param name="Size">The fixed input side length of the exported model.</param>
/// <param name="Overwrite">Whether an existing output may be replaced.</param>
public sealed record ExportSettings(string Onnx, string? Model, string? Config, string? Weights, int Size, bool Overwrite);

/// <summary>
/// <c>harmonia export --onnx OUT.onnx</c>: writes a network with its weights as an ONNX model (operator
/// set 17) for other runtimes; see <see cref="HarmonizerOnnxExport"/> for its inputs and outputs.
/// </summary>
public sealed class ExportCommand : HarmoniaCommand<ExportSettings>
{
    // --out and -o as well: every other command writes its result there, so a user tries them first.
    private readonly Option<string> onnx = new("--onnx", "--out", "-o")
    {
        Description = "ONNX file to write (operator set 17). Inputs: composite [N,3,S,S] RGB in [0,1] and mask [N,1,S,S] (> 0.5 is foreground); " +
                      "outputs: harmonized [N,3,S,S] in [0,1] and prediction, the network's raw output. See docs/onnx.md.",
        HelpName = "OUT.onnx",
        Required = true,
    };
    private readonly Option<string?> model = SharedOptions.Model("to export", whenOmitted: $"{ModelChoice.DefaultModel} with its bundled weights");
    private readonly Option<string?> config = SharedOptions.Config();
    private readonly Option<string?> weights = SharedOptions.Weights();
    private readonly Option<int> size = NumberOptions.WholeNumber("--size",
        "Input side length S of the exported model, a multiple of 8; the model takes exactly SxS images (resize before and after, as 'harmonia run --size' does).",
        defaultValue: 256, min: 8, max: 8192, helpName: "S");
    private readonly Option<bool> overwrite = SharedOptions.Overwrite();

    /// <summary>Creates the command.</summary>
    public ExportCommand() : base("export", "Write a network and its weights as an ONNX model, to run in ONNX Runtime and other engines (GPUs, phones, browsers).")
    {
        Options.Add(onnx);
        Options.Add(model);
        Options.Add(config);
        Options.Add(weights);
        Options.Add(size);
        size.Aliases.Add("-s");
        Options.Add(overwrite);
        onnx.Validators.Add(result =>
        {
            var path = result.GetValueOrDefault<string>();
            if (path is not null && !path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
                result.AddError($"--onnx '{path}' must end in .onnx.");
        });
        size.Validators.Add(result =>
        {
            // Reads the token itself: a value the parser refused (reported there) must not be converted again.
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int side) && side >= 8 && side % 8 != 0)
                result.AddError($"--size {side} must be a multiple of 8 (the networks halve the image three times).");
        });
        OptionRules.MutuallyExclusive(this, model, config);
    }

    /// <inheritdoc />
    public override ExportSettings Bind(ParseResult parse) => new(
        Onnx: parse.GetRequiredValue(onnx),
        Model: parse.GetValue(model),
        Config: parse.GetValue(config),
        Weights: parse.GetValue(weights),
        Size: parse.GetValue(size),
        Overwrite: parse.GetValue(overwrite));

    /// <inheritdoc />
    public override void Execute(ExportSettings settings, CliContext context)
    {
        // Refuse an existing output before the (possibly slow) load, not only at the final rename.
        OverwriteGuard.EnsureFileCanBeWritten(settings.Onnx, settings.Overwrite);
        // The ONNX file holds the network itself; the colour-map output is a step after it (docs/onnx.md).
        var harmonizer = new ModelChoice(settings.Model, settings.Config, settings.Weights, OutputMode.Dense).Load(BundledModels.Directory);
        if (harmonizer is not NetworkHarmonizer network)
            throw new CliException($"--model {harmonizer.Name}", "a baseline has no network to export; pick a network preset (see 'harmonia models') or --weights");

        OnnxModel exported;
        try
        {
            exported = HarmonizerOnnxExport.Build(network.Name, network.Spec, network.Network, settings.Size, settings.Size);
        }
        catch (ArgumentException error)
        {
            throw new CliException($"{network.Name} at --size {settings.Size}", error.Message, error);
        }
        OutputFileWriter.Write(settings.Onnx, settings.Overwrite, stream => OnnxModelWriter.Write(exported, stream));
        long bytes = new FileInfo(settings.Onnx).Length;
        context.Status(string.Create(CultureInfo.InvariantCulture,
            $"wrote {settings.Onnx}: {network.Name} at {settings.Size}x{settings.Size}, ONNX opset {HarmonizerOnnxExport.OpsetVersion}, {bytes / 1e6:F1} MB; " +
            $"inputs composite [N,3,{settings.Size},{settings.Size}] in [0,1] and mask [N,1,{settings.Size},{settings.Size}] (> 0.5 is foreground); " +
            $"outputs harmonized in [0,1] and prediction (the raw network output)"));
    }
}
