using System.CommandLine;
using Harmonia.Cli.Errors;
using Harmonia.Cli.Inference;
using Harmonia.Cli.Options;
using Harmonia.Data.Datasets;
using Harmonia.Evaluation.Metrics;
using Harmonia.Evaluation.Runs;
using Harmonia.Models;

namespace Harmonia.Cli.Commands;

/// <summary>Options of <c>harmonia eval</c>.</summary>
/// <param name="DataRoot">Root folder of the datasets.</param>
/// <param name="Subsets">Subset names to evaluate on (their test split).</param>
/// <param name="Model">Preset name, or null.</param>
/// <param name="Config">Model configuration file, or null (at most one of the two is set).</param>
/// <param name="Weights">Weights to evaluate, or null for the preset's own.</param>
/// <param name="Size">Evaluation resolution.</param>
/// <param name="OutDirectory">Folder for the metrics report (and images).</param>
/// <param name="SaveImages">Also write the harmonized images.</param>
/// <param name="Overwrite">Whether an existing, non-empty output folder may be written into.</param>
/// <param name="Identity">The do-no-harm check: give the model each real image as the composite.</param>
/// <param name="Output">How the network's result becomes the picture.</param>
/// <param name="MinimumChange">The colour map's smallest applied change, in 8-bit levels.</param>
/// <param name="ColorGuard">The colour map's bound on hue and chroma changes; null for the default.</param>
public sealed record EvalSettings(
    string DataRoot,
    IReadOnlyList<string> Subsets,
    string? Model,
    string? Config,
    string? Weights,
    ProcessingSize Size,
    string OutDirectory,
    bool SaveImages,
    bool Overwrite,
    bool Identity = false,
    OutputMode Output = OutputModeNames.Default,
    double MinimumChange = ColorMapHarmonizer.DefaultMinimumChange,
    ColorGuard? ColorGuard = null);

/// <summary><c>harmonia eval</c>: measures a model on test sets (MSE, PSNR, fMSE...).</summary>
public sealed class EvalCommand : HarmoniaCommand<EvalSettings>
{
    private readonly Option<string> data = SharedOptions.DataRoot();
    private readonly Option<IReadOnlyList<string>> subsets = SharedOptions.Subsets();
    private readonly Option<string?> model = SharedOptions.Model("to evaluate", whenOmitted: "the default preset");
    private readonly Option<string?> config = SharedOptions.Config();
    private readonly Option<string?> weights = SharedOptions.Weights();
    private readonly Option<ProcessingSize> size = SharedOptions.Size(ProcessingSize.Square(256));

    private readonly Option<string> output = new("--out", "-o")
    {
        Description = "Folder for the metrics report (and the images with --save-images).",
        HelpName = "DIR",
        Required = true,
    };

    private readonly Option<bool> saveImages = new("--save-images")
    {
        Description = "Also write every harmonized image to the output folder.",
    };

    private readonly Option<bool> overwrite = SharedOptions.Overwrite();

    private readonly Option<string> outputMode = SharedOptions.Output();
    private readonly Option<double> minimumChange = SharedOptions.MinimumChange();
    private readonly Option<ColorGuard> colorGuard = SharedOptions.ColorGuard();

    private readonly Option<bool> identity = new("--identity")
    {
        Description = "Do-no-harm check: feed each real image as the composite (nothing to fix), once per image and mask, so every change the model makes counts as error.",
    };

    /// <summary>Creates the command and its option rules.</summary>
    public EvalCommand() : base("eval", "Evaluate a model on the test split of dataset subsets and report metrics.")
    {
        Options.Add(data);
        Options.Add(subsets);
        Options.Add(model);
        Options.Add(config);
        Options.Add(weights);
        Options.Add(size);
        Options.Add(output);
        Options.Add(saveImages);
        Options.Add(overwrite);
        Options.Add(identity);
        Options.Add(outputMode);
        Options.Add(minimumChange);
        Options.Add(colorGuard);
        OptionRules.NotWhen(this, minimumChange, outputMode, "dense");
        OptionRules.NotWhen(this, colorGuard, outputMode, "dense");

        OptionRules.MutuallyExclusive(this, model, config);
    }

    /// <inheritdoc />
    public override EvalSettings Bind(ParseResult parse) => new(
        DataRoot: parse.GetRequiredValue(data),
        Subsets: parse.GetRequiredValue(subsets),
        Model: parse.GetValue(model),
        Config: parse.GetValue(config),
        Weights: parse.GetValue(weights),
        Size: parse.GetValue(size),
        OutDirectory: parse.GetRequiredValue(output),
        SaveImages: parse.GetValue(saveImages),
        Overwrite: parse.GetValue(overwrite),
        Identity: parse.GetValue(identity),
        Output: OutputModeNames.Parse(parse.GetRequiredValue(outputMode)),
        MinimumChange: parse.GetValue(minimumChange),
        ColorGuard: parse.GetValue(colorGuard));

    /// <inheritdoc />
    public override void Execute(EvalSettings settings, CliContext context)
    {
        Output.OutputFolder.EnsureCanBeCreated(settings.OutDirectory, settings.OutDirectory);
        var harmonizer = new ModelChoice(settings.Model, settings.Config, settings.Weights, settings.Output, settings.MinimumChange, settings.ColorGuard).Load(BundledModels.Directory);
        var samples = IHarmony4Index.Load(settings.DataRoot, settings.Subsets, DatasetSplit.Test)
            .Select(s =>
            {
                string real = s.RealPath ?? throw new CliException(s.CompositePath, "has no real image to compare with");
                return new EvaluationSample(s.Subset, s.Name, settings.Identity ? real : s.CompositePath, s.MaskPath, real);
            })
            .ToList();
        // Composites made from one photo and mask are the same input once the real image replaces
        // them: evaluate each (real image, mask) pair once.
        if (settings.Identity) samples = samples.DistinctBy(s => (s.RealPath, s.MaskPath)).ToList();
        if (samples.Count == 0) throw new CliException(settings.DataRoot, $"the test lists of {string.Join(", ", settings.Subsets)} are empty");
        // Size errors name --size before any image is read, not the first image that fails.
        ModelChoice.CheckRequestedSize(settings.Size, harmonizer);
        int ssimWindow = MetricOptions.Default.EffectiveSsim.WindowSize;
        if (settings.Size.Pixels < ssimWindow)
            throw new CliException("--size", $"must be at least {ssimWindow} (the SSIM window), got {settings.Size.Pixels}");
        var size = settings.Size.IsNative ? WorkingSize.Native : WorkingSize.Square(settings.Size.Pixels!.Value);
        // The networks already use every core for one image; baselines are cheap enough to run several at once.
        int workers = HarmonizerOutput.IsNetwork(harmonizer) ? 1 : 0;
        var options = new EvaluationOptions(size, MetricOptions.Default, settings.SaveImages, settings.Overwrite, Workers: workers);
        string what = settings.Identity ? "real images (identity check)" : "test images";
        context.Status($"evaluating {harmonizer.Name} on {samples.Count} {what} at {settings.Size}");
        using var bar = context.StartProgress("evaluating", samples.Count, "images");
        int seen = 0;
        var result = EvaluationRunner.Run(harmonizer, samples, settings.OutDirectory, options, p =>
        {
            bar.Advance(p.Done + p.Skipped - seen);
            seen = p.Done + p.Skipped;
        }, context.Cancellation);
        bar.Dispose();
        var all = result.Summary.All;
        string shift = result.Summary.LabShift is { } s
            ? FormattableString.Invariant($", object colour shift median ΔL* {s.Median.DeltaL:F2} Δa* {s.Median.DeltaA:F2} Δb* {s.Median.DeltaB:F2}")
            : "";
        context.Out.WriteLine(FormattableString.Invariant(
            $"{harmonizer.Name}: {all.Count} images, MSE {all.Mse:F2}, fMSE {all.Fmse:F2}, PSNR {all.Psnr:F2} dB, fPSNR {all.Fpsnr:F2} dB, SSIM {all.Ssim:F4}{shift}; report in {result.OutputDirectory}"));
    }
}
