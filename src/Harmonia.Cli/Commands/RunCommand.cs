using System.CommandLine;
using Harmonia.Cli.Batch;
using Harmonia.Cli.Errors;
using Harmonia.Cli.Inference;
using Harmonia.Cli.Options;
using Harmonia.Imaging;
using Harmonia.Models;

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
/// <param name="Size">Working resolution, or null for the model's default (256 for networks, native for baselines).</param>
/// <param name="Shard">The slice of the batch to process (<see cref="ShardSpec.Whole"/> in single mode).</param>
/// <param name="Overwrite">Whether existing outputs may be replaced (batch mode: finished outputs are redone).</param>
/// <param name="ResizeMask">Resize a mask whose size differs from its composite's instead of failing.</param>
/// <param name="Output">How the network's result becomes the picture.</param>
/// <param name="MasksDirectory">Batch mode with <c>--input</c>: the folder of masks, when they are not beside the composites (null: detected).</param>
/// <param name="Format">Batch mode: the outputs' format, <c>png</c> or <c>jpg</c> (<see cref="BatchOutputFormat"/>).</param>
/// <param name="MinimumChange">The colour map's smallest applied change, in 8-bit levels.</param>
/// <param name="ColorGuard">The colour map's bound on hue and chroma changes; null for the default.</param>
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
    bool Overwrite,
    bool ResizeMask = false,
    OutputMode Output = OutputModeNames.Default,
    string? MasksDirectory = null,
    string Format = BatchOutputFormat.Default,
    double MinimumChange = ColorMapHarmonizer.DefaultMinimumChange,
    ColorGuard? ColorGuard = null)
{
    /// <summary>True for <c>--input</c> / <c>--manifest</c> runs.</summary>
    public bool IsBatch => Composite is null;
}

/// <summary>
/// <c>harmonia run</c>: harmonizes one composite, or a batch of them. The model is loaded once; see
/// <see cref="ModelChoice"/> for the default model and working size and <see cref="BatchPlan"/> for how
/// batches name, skip and shard their outputs.
/// </summary>
public sealed class RunCommand : HarmoniaCommand<RunSettings>
{
    private readonly Option<string?> composite = new("--composite", "-c")
    {
        Description = "Single mode: the composite image (PNG or JPEG) whose foreground is adjusted.",
        HelpName = "C",
    };

    private readonly Option<string?> mask = new("--mask", "-m")
    {
        Description = "Single mode: the foreground mask (white = pasted foreground).",
        HelpName = "M",
    };

    private readonly Option<string?> input = new("--input", "-i")
    {
        Description = "Batch mode: a folder of NAME.jpg|NAME.png composites, each with its mask NAME_mask.png beside it, " +
                      "or a folder holding images/ and masks/ (masks matched by name). Results go to --out DIR as NAME.png.",
        HelpName = "DIR",
    };

    private readonly Option<string?> masks = new("--masks")
    {
        Description = "Batch mode with --input: the folder of the masks, matched to the composites by name (NAME.png or NAME_mask.png). " +
                      "Default: beside the composites, or masks/ next to an images/ folder.",
        HelpName = "DIR",
    };

    private readonly Option<string> format = new("--format")
    {
        Description = "Batch mode: the format of the results, png (lossless, the default) or jpg.",
        HelpName = "png|jpg",
        DefaultValueFactory = _ => BatchOutputFormat.Default,
    };

    private readonly Option<string?> manifest = new("--manifest")
    {
        Description = "Batch mode: a text file with one 'composite<TAB>mask' or 'composite,mask' pair per line, paths relative to the file's folder ('#' starts a comment). Results go to --out DIR as NAME.png.",
        HelpName = "FILE",
    };

    private readonly Option<string?> output = new("--out", "-o")
    {
        Description = "Single mode: the output image (.png or .jpg, chosen by extension). Batch mode: the output folder; outputs that already exist there are skipped (finished by an earlier run) unless --overwrite.",
        HelpName = "O|DIR",
    };

    private readonly Argument<string[]> files = new("COMPOSITE MASK [OUT]")
    {
        Description = "Single mode, short form: 'harmonia run photo.jpg mask.png out.png' is 'run --composite photo.jpg --mask mask.png --out out.png'.",
        Arity = new ArgumentArity(0, 3),
    };

    private readonly Option<string?> model = SharedOptions.Model("to run", whenOmitted: $"{ModelChoice.DefaultModel} with its bundled weights");
    private readonly Option<string?> config = SharedOptions.Config();
    private readonly Option<string?> weights = SharedOptions.Weights();
    private readonly Option<ProcessingSize?> size = SharedOptions.OptionalSize(
        "256 for networks (their training resolution; 'native' needs sides that are multiples of 8), native for the baselines");

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
    private readonly Option<string> outputMode = SharedOptions.Output();
    private readonly Option<double> minimumChange = SharedOptions.MinimumChange();
    private readonly Option<ColorGuard> colorGuard = SharedOptions.ColorGuard();

    private readonly Option<bool> resizeMask = new("--resize-mask")
    {
        Description = "Resize a mask whose size differs from its composite's (nearest neighbour) instead of failing.",
    };

    /// <summary>Creates the command and its option rules.</summary>
    public RunCommand() : base("run", "Harmonize a composite image (--composite/--mask) or a batch (--input or --manifest).")
    {
        Options.Add(composite);
        Options.Add(mask);
        Options.Add(input);
        Options.Add(manifest);
        Options.Add(masks);
        Options.Add(output);
        Options.Add(model);
        Options.Add(config);
        Options.Add(weights);
        Options.Add(size);
        Options.Add(shard);
        Options.Add(overwrite);
        Options.Add(outputMode);
        Options.Add(minimumChange);
        Options.Add(colorGuard);
        OptionRules.NotWhen(this, minimumChange, outputMode, "dense");
        OptionRules.NotWhen(this, colorGuard, outputMode, "dense");
        Options.Add(resizeMask);
        Options.Add(format);

        overwrite.Description = "Single mode: replace an existing --out (without it, that is an error). " +
                                "Batch mode: redo outputs that already exist (without it, they are skipped as finished).";
        model.AcceptOnlyFromAmong([.. ModelCatalog.Presets.Select(preset => preset.Name)]);
        Arguments.Add(files);
        Validators.Add(CheckPositionalForm);
        OptionRules.ExactlyOneOf(this, whenNotGiven: files, composite, input, manifest);
        OptionRules.Requires(this, composite, mask);
        OptionRules.OnlyWith(this, mask, composite);
        OptionRules.OnlyWith(this, shard, input, manifest);
        OptionRules.OnlyWith(this, format, input, manifest);
        OptionRules.OnlyWith(this, masks, input);
        format.AcceptOnlyFromAmong([.. BatchOutputFormat.Names]);
        OptionRules.MutuallyExclusive(this, model, config);
        ImageOutputPath.Require(this, output, onlyWith: composite);
    }

    // 'run C M O' or 'run C M --out O': the files replace --composite and --mask, and --out when three are given.
    private void CheckPositionalForm(System.CommandLine.Parsing.CommandResult result)
    {
        var given = result.GetValue(files) ?? [];
        // The parser hands an unknown option (a typo such as --sise) to the file list; report it as unknown.
        var unknownOptions = given.Where(token => token.Length > 1 && token.StartsWith('-')).ToList();
        foreach (var token in unknownOptions)
            result.AddError($"Unrecognized command or argument '{token}'.");
        if (unknownOptions.Count > 0)
            return;
        var outGiven = OptionRules.IsGiven(result, output);
        if (given.Length == 0)
        {
            if (!outGiven)
                result.AddError("--out is required (or give the files in order: harmonia run COMPOSITE MASK OUT).");
            return;
        }
        var conflicting = new Option[] { composite, mask, input, manifest }.Where(option => OptionRules.IsGiven(result, option)).Select(option => option.Name).ToList();
        if (conflicting.Count > 0)
            result.AddError($"{string.Join(" and ", conflicting)} cannot be combined with files given in order (COMPOSITE MASK OUT); use one form or the other.");
        else if (given.Length == 1)
            result.AddError($"'{given[0]}' alone is not enough: give COMPOSITE MASK OUT (or --composite C --mask M --out O).");
        else if (given.Length == 2 && !outGiven)
            result.AddError($"the output is missing: harmonia run {given[0]} {given[1]} OUT.png");
        else if (given.Length == 3 && outGiven)
            result.AddError($"'{given[2]}' and --out both name the output; give only one of them.");
        else if (given.Length == 3 && !ImageOutputPath.HasSupportedExtension(given[2]))
            result.AddError($"the output '{given[2]}' must end in .png, .jpg or .jpeg (the format is chosen from the extension).");
    }

    /// <inheritdoc />
    public override RunSettings Bind(ParseResult parse)
    {
        var given = parse.GetValue(files) ?? [];
        return new RunSettings(
            Composite: given.Length >= 2 ? given[0] : parse.GetValue(composite),
            Mask: given.Length >= 2 ? given[1] : parse.GetValue(mask),
            InputDirectory: parse.GetValue(input),
            Manifest: parse.GetValue(manifest),
            Out: given.Length == 3 ? given[2] : parse.GetValue(output)!,
            Model: parse.GetValue(model),
            Config: parse.GetValue(config),
            Weights: parse.GetValue(weights),
            Size: parse.GetValue(size),
            Shard: parse.GetValue(shard),
            Overwrite: parse.GetValue(overwrite),
            ResizeMask: parse.GetValue(resizeMask),
            Output: OutputModeNames.Parse(parse.GetRequiredValue(outputMode)),
            MasksDirectory: parse.GetValue(masks),
            Format: parse.GetRequiredValue(format),
            MinimumChange: parse.GetValue(minimumChange),
            ColorGuard: parse.GetValue(colorGuard));
    }

    /// <inheritdoc />
    public override void Execute(RunSettings settings, CliContext context)
    {
        if (settings.IsBatch)
            RunBatch(settings, context);
        else
            RunSingle(settings, context);
    }

    private static void RunSingle(RunSettings settings, CliContext context)
    {
        // Checked before the model loads, so a refused run costs nothing.
        Output.OverwriteGuard.EnsureFileCanBeWritten(settings.Out, settings.Overwrite);
        FileHarmonizer.CheckInputs(settings.Composite!, settings.Mask!);
        var harmonizer = LoadHarmonizer(settings, context);
        var (width, height) = harmonizer.HarmonizeToFile(settings.Composite!, settings.Mask!, settings.Out, settings.Overwrite, remark => context.Error.WriteLine($"warning: run: {remark}"));
        context.Status($"wrote {settings.Out} ({width}x{height})");
    }

    /// <summary>Unready pairs listed one by one before the run; the rest are counted in one line.</summary>
    private const int UnreadyLinesShown = 10;

    private static void RunBatch(RunSettings settings, CliContext context)
    {
        var source = settings.InputDirectory ?? settings.Manifest!;
        IReadOnlyList<ImagePair> pairs;
        if (settings.InputDirectory is { } folder)
        {
            var batch = FolderPairs.Find(folder, settings.MasksDirectory);
            pairs = batch.Pairs;
            if (batch.MasksFolder is not null)
                context.Status($"{source}: masks are read from {batch.MasksFolder}");
        }
        else
        {
            pairs = ManifestFile.Read(settings.Manifest!);
        }
        if (pairs.Count == 0)
            throw new CliException(source, settings.InputDirectory is null
                ? "the manifest lists no pairs"
                : "no composites found (expected NAME.jpg or NAME.png files, each with its mask NAME_mask.png, or images/ and masks/ folders)");
        if (File.Exists(settings.Out))
            throw new CliException(settings.Out, "is a file; in batch mode --out is a folder");
        Output.OutputFolder.EnsureCanBeCreated(settings.Out, settings.Out);

        var plan = BatchPlan.Create(pairs, settings.Out, BatchOutputFormat.Extension(settings.Format), settings.Shard, settings.Overwrite);
        var shardText = settings.Shard.Count > 1 ? $", shard {settings.Shard} has {plan.ToDo + plan.Finished.Count}" : "";
        context.Status($"{source}: {plan.TotalPairs} pairs{shardText}; {plan.Finished.Count} already done, {plan.ToDo} to harmonize");
        ReportUnready(plan, context);
        if (plan.ToDo == 0)
            return;
        if (plan.Pending.Count == 0)
            throw new CliException("run", $"none of the {plan.Unready.Count} pairs to harmonize has both its files ({MissingSummary(plan)}); " +
                                          "nothing was written" + MaskLayoutHint(settings, plan));

        var harmonizer = LoadHarmonizer(settings, context);
        Directory.CreateDirectory(settings.Out);
        var outcome = BatchRunner.Run(plan, harmonizer, settings.Overwrite, context);
        context.Status($"{settings.Out}: {outcome.Written} written, {outcome.Skipped} skipped (already done), {outcome.Failed} failed");
        if (outcome.Failed > 0)
            throw new CliException("run", $"{outcome.Failed} of {plan.ToDo} pairs failed (each is reported above); {outcome.Written} written, " +
                                          "rerun after fixing them to do only the failed ones");
    }

    // Missing files are found before the model loads, so a batch whose masks are not where expected stops at once.
    private static void ReportUnready(BatchPlan plan, CliContext context)
    {
        foreach (var unready in plan.Unready.Take(UnreadyLinesShown))
            context.Error.WriteLine(new ErrorLine("run", unready.MissingPath, unready.Reason));
        if (plan.Unready.Count > UnreadyLinesShown)
            context.Error.WriteLine(new ErrorLine("run", null, $"{plan.Unready.Count - UnreadyLinesShown} more pairs have a missing file"));
    }

    private static string MissingSummary(BatchPlan plan)
    {
        var masks = plan.Unready.Count(unready => unready.MissingPath == unready.Item.Pair.Mask);
        return masks == plan.Unready.Count ? "no mask was found" : $"{plan.Unready.Count} have a missing file";
    }

    private static string MaskLayoutHint(RunSettings settings, BatchPlan plan) =>
        settings.InputDirectory is null || settings.MasksDirectory is not null || plan.Unready.Any(unready => unready.MissingPath != unready.Item.Pair.Mask)
            ? ""
            : "; masks are expected as NAME_mask.png beside each composite, or in a masks/ folder next to images/; --masks DIR names another folder";

    private static FileHarmonizer LoadHarmonizer(RunSettings settings, CliContext context)
    {
        var harmonizer = new ModelChoice(settings.Model, settings.Config, settings.Weights, settings.Output, settings.MinimumChange, settings.ColorGuard).Load(BundledModels.Directory);
        var size = ModelChoice.WorkingSize(settings.Size, harmonizer);
        context.Detail($"model {harmonizer.Name}, working size {size}");
        return new FileHarmonizer(harmonizer, size, settings.ResizeMask ? MaskSizeMismatch.ResizeNearest : MaskSizeMismatch.Error);
    }
}
