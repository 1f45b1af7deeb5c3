using System.CommandLine;
using Harmonia.Cli.Errors;
using Harmonia.Cli.Options;
using Harmonia.Cli.Reporting;
using Harmonia.Data.Synthesis;

namespace Harmonia.Cli.Commands;

/// <summary>Options of <c>harmonia synth</c>.</summary>
/// <param name="PhotosDirectory">Folder of real photos.</param>
/// <param name="MasksDirectory">Folder of foreground masks matching the photos.</param>
/// <param name="Recipe">How composites are made: <c>ffhqh</c>, <c>color-transfer</c> or <c>mixed</c>.</param>
/// <param name="OutRoot">Dataset root the subset is written under.</param>
/// <param name="Subset">Name of the subset folder to create.</param>
/// <param name="PerPhoto">Composites generated per photo.</param>
/// <param name="TestFraction">Fraction of photos put in the test split.</param>
/// <param name="Seed">Random seed; the same seed gives the same dataset.</param>
/// <param name="Overwrite">Whether an existing subset may be written into.</param>
public sealed record SynthSettings(
    string PhotosDirectory,
    string MasksDirectory,
    string Recipe,
    string OutRoot,
    string Subset,
    int PerPhoto,
    double TestFraction,
    int Seed,
    bool Overwrite);

/// <summary><c>harmonia synth</c>: builds a training subset of synthetic composites from real photos and masks.</summary>
public sealed class SynthCommand : HarmoniaCommand<SynthSettings>
{
    /// <summary>The recipe names accepted by <c>--recipe</c>.</summary>
    public static readonly string[] Recipes = [.. SynthesisRecipeNames.All];

    private readonly Option<string> photos = new("--photos")
    {
        Description = "Folder of real photos (the ground truth).",
        HelpName = "DIR",
        Required = true,
    };

    private readonly Option<string> masks = new("--masks")
    {
        Description = "Folder of foreground masks, one per photo (same file stem).",
        HelpName = "DIR",
        Required = true,
    };

    private readonly Option<string> recipe = CreateRecipe();

    private readonly Option<string> output = new("--out", "-o")
    {
        Description = "Dataset root; the subset is written to ROOT/NAME.",
        HelpName = "ROOT",
        Required = true,
    };

    private readonly Option<string> subset = new("--subset")
    {
        Description = "Name of the subset to create under the dataset root.",
        HelpName = "NAME",
        Required = true,
    };

    private readonly Option<int> perPhoto = NumberOptions.WholeNumber("--per-photo", "Composites generated from each photo.", defaultValue: 1, min: 1, max: 1000);
    private readonly Option<double> testFraction = NumberOptions.Fraction("--test-fraction", "Fraction of photos held out for the test split.", defaultValue: 0.1);
    private readonly Option<int> seed = NumberOptions.WholeNumber("--seed", "Random seed; the same seed gives the same dataset.", defaultValue: 0, min: 0, helpName: "S");
    private readonly Option<bool> overwrite = SharedOptions.Overwrite();

    /// <summary>Creates the command.</summary>
    public SynthCommand() : base("synth", "Synthesize a harmonization subset: composites made from real photos and their masks.")
    {
        Options.Add(photos);
        Options.Add(masks);
        Options.Add(recipe);
        Options.Add(output);
        Options.Add(subset);
        Options.Add(perPhoto);
        Options.Add(testFraction);
        Options.Add(seed);
        Options.Add(overwrite);
    }

    /// <inheritdoc />
    public override SynthSettings Bind(ParseResult parse) => new(
        PhotosDirectory: parse.GetRequiredValue(photos),
        MasksDirectory: parse.GetRequiredValue(masks),
        Recipe: parse.GetRequiredValue(recipe),
        OutRoot: parse.GetRequiredValue(output),
        Subset: parse.GetRequiredValue(subset),
        PerPhoto: parse.GetValue(perPhoto),
        TestFraction: parse.GetValue(testFraction),
        Seed: parse.GetValue(seed),
        Overwrite: parse.GetValue(overwrite));

    /// <inheritdoc />
    public override void Execute(SynthSettings settings, CliContext context)
    {
        foreach (var folder in new[] { settings.PhotosDirectory, settings.MasksDirectory })
            if (!Directory.Exists(folder)) throw new CliException(folder, "no such folder");
        var subsetDirectory = Path.Combine(settings.OutRoot, settings.Subset);
        Output.OutputFolder.EnsureCanBeCreated(subsetDirectory, settings.OutRoot);
        // The runner itself resumes a matching dataset and refuses a different one; --overwrite
        // is the explicit request to throw an existing subset away first.
        if (settings.Overwrite && Directory.Exists(subsetDirectory)) Directory.Delete(subsetDirectory, recursive: true);
        var options = new SynthesisOptions
        {
            PhotosDirectory = settings.PhotosDirectory,
            MasksDirectory = settings.MasksDirectory,
            OutputRoot = settings.OutRoot,
            Subset = settings.Subset,
            Recipe = SynthesisRecipeNames.Parse(settings.Recipe),
            PerPhoto = settings.PerPhoto,
            TestFraction = settings.TestFraction,
            Seed = (ulong)settings.Seed,
        };
        // The bar starts with the first photo written, when the number of usable photos is known: a run
        // refused for its photos shows no bar, and an interrupted one ends "stopped at n of N", not "done".
        IProgressReporter? bar = null;
        long reported = 0;
        var progress = new CallbackProgress<SynthesisProgress>(p =>
        {
            // Reports arrive from worker threads, possibly out of order: advance to the highest count seen.
            if (p.Phase != SynthesisPhase.WritingComposites || p.Done <= reported) return;
            bar ??= context.StartProgress("synthesizing", p.Total, "photos");
            bar.Advance(p.Done - reported);
            reported = p.Done;
        });
        SynthesisReport report;
        try
        {
            report = SynthesisRunner.Run(options, progress, context.Cancellation);
        }
        finally
        {
            bar?.Dispose();
        }
        foreach (var skipped in report.Skipped) context.Error.WriteLine($"warning: synth: {TerminalText.Escape(skipped.PhotoPath)}: skipped: {TerminalText.Escape(skipped.Reason)}");
        context.Out.WriteLine(FormattableString.Invariant(
            $"{report.SubsetDirectory}: {report.TrainComposites} training composites from {report.TrainPhotos} photos, {report.TestComposites} test composites from {report.TestPhotos} photos{(report.Resumed ? " (resumed)" : "")}, {report.Elapsed.TotalSeconds:F1} s"));
    }

    private static Option<string> CreateRecipe()
    {
        var option = new Option<string>("--recipe")
        {
            Description = "How the foreground's appearance is changed: ffhqh (face-style color jitter), color-transfer (statistics of another photo), mixed (either), lighting (white balance, tint, exposure, contrast, gamma, saturation; no hue rotation) or iharmony (color transfer, then exposure, white balance and gamma).",
            HelpName = string.Join('|', Recipes),
            Required = true,
        };
        option.CompletionSources.Add(Recipes);
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0 || result.Tokens[0].Value is not { } value || Recipes.Contains(value)) return;
            // "train --recipe" takes mixes; someone copying one here should learn where they belong.
            result.AddError(value.Contains(':') || value.Contains(',')
                ? $"{option.Name}: '{value}' is a mix, which only 'train --recipe' takes; synth makes one recipe per subset " +
                  $"(synthesize each into its own --subset, or use 'mixed'), one of {string.Join(", ", Recipes)}"
                : $"{option.Name}: unknown value '{value}'; use one of {string.Join(", ", Recipes)}");
        });
        return option;
    }
}
