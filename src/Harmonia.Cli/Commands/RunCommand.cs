using System.CommandLine;
using Harmonia.Cli.Options;

namespace Harmonia.Cli.Commands;

/// <summary>Options of <c>harmonia run</c>. Exactly one of <see cref="Composite"/>, <see cref="InputDirectory"/>
/// and <see cref="Manifest"/> is set; paths are as the user typed them (relative to the current directory).</summary>
/// <param name="Composite">Single mode: the composite image.</param>
/// <param name="Mask">Single mode: the foreground mask (set exactly when <paramref name="Composite"/> is).</param>
/// <param name="InputDirectory">Batch mode: a folder of composites and masks.</param>
/// <param name="Manifest">Batch mode: a file listing composite/mask pairs.</param>
/// <param name="Out">Single mode: the output image; batch mode: the output folder.</param>
/// <param name="Model">Preset name, or null (use <paramref name="Config"/>, or the default preset when both are null).</param>
/// <param name="Config">Model configuration file, or null.</param>
/// <param name="Weights">Weights file (.pth or .safetensors), or null for the preset's own weights.</param>
/// <param name="Size">Working resolution, or null for the model's default.</param>
/// <param name="Shard">The slice of the batch to process (<see cref="ShardSpec.Whole"/> in single mode).</param>
/// <param name="Overwrite">Whether existing outputs may be replaced.</param>
public sealed record RunSettings(
    string? Composite,
    string? Mask,
    string? InputDirectory,
    string? Manifest,
    string Out,
    string? Model,
    string? Config,
    string? Weights,
    ProcessingSize? Size,
    ShardSpec Shard,
    bool Overwrite)
{
    /// <summary>True for <c>--input</c> / <c>--manifest</c> runs.</summary>
    public bool IsBatch => Composite is null;
}

/// <summary><c>harmonia run</c>: harmonizes one composite, or a batch of them.</summary>
public sealed class RunCommand : HarmoniaCommand<RunSettings>
{
    private readonly Option<string?> composite = new("--composite")
    {
        Description = "Single mode: the composite image (PNG or JPEG) whose foreground is adjusted.",
        HelpName = "C",
    };

    private readonly Option<string?> mask = new("--mask")
    {
        Description = "Single mode: the foreground mask (white = pasted foreground).",
        HelpName = "M",
    };

    private readonly Option<string?> input = new("--input")
    {
        Description = "Batch mode: a folder of composites with their masks.",
        HelpName = "DIR",
    };

    private readonly Option<string?> manifest = new("--manifest")
    {
        Description = "Batch mode: a text file listing composite and mask paths.",
        HelpName = "FILE",
    };

    private readonly Option<string> output = new("--out")
    {
        Description = "Where to write: the output image (single mode) or the output folder (batch mode).",
        HelpName = "O|DIR",
        Required = true,
    };

    private readonly Option<string?> model = SharedOptions.Model("to run", whenOmitted: "the default preset");
    private readonly Option<string?> config = SharedOptions.Config();
    private readonly Option<string?> weights = SharedOptions.Weights();
    private readonly Option<ProcessingSize?> size = SharedOptions.OptionalSize("the model's own working size");

    private readonly Option<ShardSpec> shard = new("--shard")
    {
        Description = "Batch mode: process only shard i of n (0 <= i < n), to split a batch across processes.",
        HelpName = "i/n",
        DefaultValueFactory = _ => ShardSpec.Whole,
        CustomParser = result =>
        {
            if (ShardSpec.TryParse(result.Tokens[0].Value, out var parsed, out var error))
                return parsed;
            result.AddError(error!);
            return ShardSpec.Whole;
        },
    };

    private readonly Option<bool> overwrite = SharedOptions.Overwrite();

    /// <summary>Creates the command and its option rules.</summary>
    public RunCommand() : base("run", "Harmonize a composite image (--composite/--mask) or a batch (--input or --manifest).")
    {
        Options.Add(composite);
        Options.Add(mask);
        Options.Add(input);
        Options.Add(manifest);
        Options.Add(output);
        Options.Add(model);
        Options.Add(config);
        Options.Add(weights);
        Options.Add(size);
        Options.Add(shard);
        Options.Add(overwrite);

        OptionRules.ExactlyOneOf(this, composite, input, manifest);
        OptionRules.Requires(this, composite, mask);
        OptionRules.OnlyWith(this, mask, composite);
        OptionRules.OnlyWith(this, shard, input, manifest);
        OptionRules.MutuallyExclusive(this, model, config);
    }

    /// <inheritdoc />
    public override RunSettings Bind(ParseResult parse) => new(
        Composite: parse.GetValue(composite),
        Mask: parse.GetValue(mask),
        InputDirectory: parse.GetValue(input),
        Manifest: parse.GetValue(manifest),
        Out: parse.GetRequiredValue(output),
        Model: parse.GetValue(model),
        Config: parse.GetValue(config),
        Weights: parse.GetValue(weights),
        Size: parse.GetValue(size),
        Shard: parse.GetValue(shard),
        Overwrite: parse.GetValue(overwrite));

    /// <inheritdoc />
    public override void Execute(RunSettings settings, CliContext context) => throw NotAvailableYet();
}
