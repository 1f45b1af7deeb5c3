using System.CommandLine;
using Harmonia.Cli.Errors;
using Harmonia.Cli.Inference;
using Harmonia.Cli.Options;
using Harmonia.Cli.Reporting;
using Harmonia.Data;
using Harmonia.Data.Datasets;
using Harmonia.Data.Loading;
using Harmonia.Data.Synthesis;
using Harmonia.Models;
using Harmonia.NN.Serialization;
using Harmonia.Training;
using Harmonia.Training.Checkpoints;
using Harmonia.Training.Recipes;
using Harmonia.Training.Validation;

namespace Harmonia.Cli.Commands;

/// <summary>Options of <c>harmonia train</c>. Exactly one of <see cref="Model"/> and <see cref="Config"/> is set;
/// at most one of <see cref="Epochs"/> and <see cref="Steps"/>.</summary>
/// <param name="Model">Preset to train, or null.</param>
/// <param name="Config">Model configuration file, or null.</param>
/// <param name="DataRoot">Root folder of the datasets, or null when training on photos (<paramref name="Photos"/>).</param>
/// <param name="Subsets">Subset names to train on (empty when training on photos).</param>
/// <param name="RunDirectory">Where checkpoints and logs go.</param>
/// <param name="Epochs">Training length in epochs, or null.</param>
/// <param name="Steps">Training length in optimizer steps, or null (both null: the trainer's default length).</param>
/// <param name="BatchSize">Images per step, or null for the model's default.</param>
/// <param name="Size">Training resolution (square side length).</param>
/// <param name="LearningRate">Learning rate, or null for the model's default.</param>
/// <param name="Resume">Continue from the last checkpoint in <paramref name="RunDirectory"/>.</param>
/// <param name="InitialWeights">Weights file a new run starts from (fine-tuning), or null for a random start.</param>
/// <param name="Photos">Folder of real photos whose composites are synthesized at every step, or null to train on a dataset (<paramref name="DataRoot"/>).</param>
/// <param name="Masks">Folder of the photos' object masks.</param>
/// <param name="Mix">Recipes and identity share of the synthesized composites.</param>
/// <param name="TestFraction">Share of photos held out (as <c>synth --test-fraction</c>).</param>
/// <param name="SplitSeed">Seed of the photo split (as <c>synth --seed</c>).</param>
/// <param name="Optimizer">Optimizer family, or null for the model's.</param>
/// <param name="WeightDecay">Weight decay, or null for the default (0; 0.01 with AdamW).</param>
/// <param name="Schedule">Learning-rate policy, or null for the model's published one.</param>
public sealed record TrainSettings(
    string? Model,
    string? Config,
    string? DataRoot,
    IReadOnlyList<string> Subsets,
    string RunDirectory,
    int? Epochs,
    int? Steps,
    int? BatchSize,
    int Size,
    double? LearningRate,
    bool Resume,
    string? InitialWeights = null,
    string? Photos = null,
    string? Masks = null,
    CompositeMix? Mix = null,
    double TestFraction = 0.1,
    int SplitSeed = 0,
    OptimizerKind? Optimizer = null,
    double? WeightDecay = null,
    ScheduleKind? Schedule = null);

/// <summary><c>harmonia train</c>: trains a model on harmonization datasets.</summary>
public sealed class TrainCommand : HarmoniaCommand<TrainSettings>
{
    private readonly Option<string?> model = SharedOptions.Model("to train");
    private readonly Option<string?> config = SharedOptions.Config();
    private readonly Option<string> data = Optional(SharedOptions.DataRoot());
    private readonly Option<IReadOnlyList<string>> subsets = Optional(SharedOptions.Subsets());

    private readonly Option<string?> photos = new("--photos")
    {
        Description = "Train on composites synthesized afresh at every step from these real photos (instead of --data).",
        HelpName = "DIR",
    };

    private readonly Option<string?> masks = new("--masks")
    {
        Description = "Folder of the photos' object masks, one per photo (same file stem).",
        HelpName = "DIR",
    };

    private readonly Option<string> recipe = new("--recipe")
    {
        Description = "With --photos: recipes and their weights, e.g. lighting:0.55,iharmony:0.15 (names: " + string.Join(", ", SynthesisRecipeNames.All) + ").",
        HelpName = "NAME[:W],...",
        DefaultValueFactory = _ => DefaultRecipes,
    };

    private readonly Option<double> identityShare = NumberOptions.Fraction("--identity-share",
        "With --photos: share of samples whose composite is the photo itself (teaches the model to leave a good photo alone).", defaultValue: DefaultIdentityShare);
    private readonly Option<double> testFraction = NumberOptions.Fraction("--test-fraction",
        "With --photos: share of photos held out, as synth --test-fraction.", defaultValue: 0.1);
    private readonly Option<int> splitSeed = NumberOptions.WholeNumber("--split-seed",
        "With --photos: seed of the photo split; synth --seed with the same value holds out the same photos.", defaultValue: 0, min: 0, helpName: "S");

    private readonly Option<string> output = new("--out", "-o")
    {
        Description = "Run folder for checkpoints, logs and the final weights.",
        HelpName = "RUNDIR",
        Required = true,
    };

    private readonly Option<int?> epochs = NumberOptions.OptionalWholeNumber("--epochs", "Train for N passes over the data.", min: 1);
    private readonly Option<int?> steps = NumberOptions.OptionalWholeNumber("--steps", "Train for N optimizer steps (instead of --epochs).", min: 1);
    private readonly Option<int?> batch = NumberOptions.OptionalWholeNumber("--batch", "Images per step (default: the model's).", min: 1, max: 4096, helpName: "B");
    private readonly Option<int> size = NumberOptions.WholeNumber("--size", "Training resolution: images are resized to NxN.", defaultValue: 256, min: 16, max: ProcessingSize.MaxPixels);
    private readonly Option<double?> learningRate = NumberOptions.OptionalPositiveNumber("--lr", "Learning rate (default: the model's).");

    private readonly Option<string?> optimizer = Choice("--optimizer",
        "Optimizer (default: the model's, adam for HDNet and lion for PHNet); adamw decays weights decoupled, 0.01 unless --weight-decay says otherwise.",
        OptimizerNames.Keys);
    private readonly Option<double?> weightDecay = NumberOptions.OptionalNonNegativeNumber("--weight-decay",
        "Weight decay: L2 with adam, decoupled with adamw and lion (default 0, and 0.01 with adamw).");
    private readonly Option<string?> schedule = Choice("--schedule",
        "Learning-rate schedule: recipe (the model's published one, scaled to the run), constant, or cosine (annealed towards 0 over the run).",
        ScheduleNames.Keys);

    private readonly Option<bool> resume = new("--resume")
    {
        Description = "Continue from the last checkpoint in the run folder instead of starting fresh.",
    };

    private readonly Option<string?> initialWeights = new("--init")
    {
        Description = "Start a new run from these weights (.safetensors, .pth or a checkpoint) instead of a random initialization: " +
            "fine-tuning. The optimizer, step count and schedule start fresh. hdnet-lite-affine and phnet-lite-affine also start from an HDNet-lite or PHNet-lite checkpoint: every tensor but the head, which starts as the identity map.",
        HelpName = "WEIGHTS",
    };

    /// <summary>Creates the command and its option rules.</summary>
    public TrainCommand() : base("train", "Train a model (--model or --config) on harmonization datasets.")
    {
        Options.Add(model);
        Options.Add(config);
        Options.Add(data);
        Options.Add(subsets);
        Options.Add(photos);
        Options.Add(masks);
        Options.Add(recipe);
        Options.Add(identityShare);
        Options.Add(testFraction);
        Options.Add(splitSeed);
        Options.Add(output);
        Options.Add(epochs);
        Options.Add(steps);
        Options.Add(batch);
        Options.Add(size);
        size.Aliases.Add("-s");
        Options.Add(learningRate);
        Options.Add(optimizer);
        Options.Add(weightDecay);
        Options.Add(schedule);
        Options.Add(resume);
        Options.Add(initialWeights);

        OptionRules.ExactlyOneOf(this, model, config);
        OptionRules.MutuallyExclusive(this, epochs, steps);
        OptionRules.MutuallyExclusive(this, resume, initialWeights);
        OptionRules.ExactlyOneOf(this, data, photos);
        OptionRules.Requires(this, data, subsets);
        OptionRules.Requires(this, subsets, data);
        OptionRules.Requires(this, photos, masks);
        OptionRules.Requires(this, masks, photos);
        foreach (var onlyWithPhotos in new Option[] { recipe, identityShare, testFraction, splitSeed })
            OptionRules.OnlyWith(this, onlyWithPhotos, photos);
        // A bad mix is a usage error, reported before any photo is read.
        Validators.Add(result =>
        {
            if (!OptionRules.IsGiven(result, recipe)) return;
            // The identity share is checked by its own parser; the default stands in when it is bad.
            try { CompositeMix.Parse(result.GetValue(recipe)!, DefaultIdentityShare); }
            catch (ArgumentException e) { result.AddError($"{recipe.Name}: {e.Message.Split(" (Parameter")[0]}"); }
        });
    }

    /// <summary>The default mix of <c>--photos</c> training: the mix of the bundled model's last run (docs/training.md).</summary>
    public const string DefaultRecipes = "lighting:0.55,iharmony:0.15";

    /// <summary>The default identity share of <c>--photos</c> training.</summary>
    public const double DefaultIdentityShare = 0.3;

    /// <summary>The names <c>--optimizer</c> accepts.</summary>
    private static readonly IReadOnlyDictionary<string, OptimizerKind> OptimizerNames = new Dictionary<string, OptimizerKind>
    {
        ["adam"] = OptimizerKind.Adam,
        ["adamw"] = OptimizerKind.AdamW,
        ["lion"] = OptimizerKind.Lion,
    };

    /// <summary>The names <c>--schedule</c> accepts; <c>recipe</c> (null) keeps the model's published schedule.</summary>
    private static readonly IReadOnlyDictionary<string, ScheduleKind?> ScheduleNames = new Dictionary<string, ScheduleKind?>
    {
        ["recipe"] = null,
        ["constant"] = ScheduleKind.Constant,
        ["cosine"] = ScheduleKind.Cosine,
    };

    private static Option<string?> Choice(string name, string description, IEnumerable<string> names)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = string.Join("|", names) };
        option.AcceptOnlyFromAmong([.. names]);
        return option;
    }

    private static Option<T> Optional<T>(Option<T> option)
    {
        option.Required = false;
        return option;
    }

    /// <inheritdoc />
    public override TrainSettings Bind(ParseResult parse) => new(
        Model: parse.GetValue(model),
        Config: parse.GetValue(config),
        DataRoot: parse.GetValue(data),
        Subsets: parse.GetValue(subsets) ?? [],
        RunDirectory: parse.GetRequiredValue(output),
        Epochs: parse.GetValue(epochs),
        Steps: parse.GetValue(steps),
        BatchSize: parse.GetValue(batch),
        Size: parse.GetValue(size),
        LearningRate: parse.GetValue(learningRate),
        Resume: parse.GetValue(resume),
        InitialWeights: parse.GetValue(initialWeights),
        Photos: parse.GetValue(photos),
        Masks: parse.GetValue(masks),
        Mix: parse.GetValue(photos) is null ? null : CompositeMix.Parse(parse.GetValue(recipe)!, parse.GetValue(identityShare)),
        TestFraction: parse.GetValue(testFraction),
        SplitSeed: parse.GetValue(splitSeed),
        Optimizer: parse.GetValue(optimizer) is { } optimizerName ? OptimizerNames[optimizerName] : null,
        WeightDecay: parse.GetValue(weightDecay),
        Schedule: parse.GetValue(schedule) is { } scheduleName ? ScheduleNames[scheduleName] : null);

    /// <inheritdoc />
    public override void Execute(TrainSettings settings, CliContext context)
    {
        Output.OutputFolder.EnsureCanBeCreated(settings.RunDirectory, settings.RunDirectory);
        var overrides = new RecipeOverrides(settings.Epochs, settings.Steps, settings.BatchSize, settings.LearningRate, settings.Size, Seed: null,
            settings.Optimizer, settings.WeightDecay, settings.Schedule);
        var recipe = settings.Config is { } configPath
            ? RecipeDefaults.ForSpec(ModelSpec.FromJson(ModelChoice.ReadConfig(configPath)), overrides)
            : RecipeDefaults.ForPreset(settings.Model ?? ModelCatalog.DefaultModel, overrides);

        var data = settings.Photos is null ? FromDataset(settings, recipe) : FromPhotos(settings, recipe);
        foreach (var (setting, value) in recipe.Describe()) context.Detail($"{setting}: {value}");
        context.Status($"training {recipe.ModelName} on {data.Description} into {settings.RunDirectory}");
        var monitor = new ProgressMonitor(context);
        var training = data.Training;
        var validation = data.Validation;
        if (settings.Photos is not null && settings.TestFraction > 0 && validation is null)
            context.Error.WriteLine($"warning: train: {TerminalText.Escape(settings.Photos)}: no held-out photo is usable at --test-fraction " +
                                    FormattableString.Invariant($"{settings.TestFraction}, so the run has no validation and writes no best.safetensors"));
        int checkpointEvery = Math.Clamp(training.BatchesPerEpoch, 1, CheckpointSteps);
        var trainedOn = data.TrainedOn;
        if (settings.Resume) trainedOn = ResumedDescription(settings.RunDirectory, trainedOn);
        InitialWeights? initial = null;
        if (settings.InitialWeights is { } initPath)
        {
            initial = new InitialWeights(ModelCatalog.ReadWeights(initPath), initPath);
            trainedOn += $"; fine-tuned from {Path.GetFileName(initPath)}{DescribeStep(initial.State)}";
        }
        var options = new TrainerOptions
        {
            Monitor = monitor, LogEvery = 10, CheckpointEvery = checkpointEvery, ValidateEvery = checkpointEvery, TrainedOn = trainedOn,
            InitialWeights = initial,
        };
        using var trainer = settings.Resume
            ? Trainer.Resume(recipe, settings.RunDirectory, training, validation, options)
            : Trainer.StartNew(recipe, settings.RunDirectory, training, validation, options);
        monitor.Start(trainer.TotalSteps, trainer.Step);
        var summary = trainer.Run(context.Cancellation);
        monitor.Dispose();
        var best = summary.BestPsnr is { } psnr ? FormattableString.Invariant($", best validation PSNR {psnr:F2} dB") : "";
        context.Out.WriteLine(FormattableString.Invariant(
            $"{(summary.Cancelled ? "stopped" : "finished")} at step {summary.Step} of {summary.TotalSteps}, loss {summary.LastLoss:G4}{best}; checkpoints in {settings.RunDirectory}"));
        if (summary.Cancelled) context.Cancellation.ThrowIfCancellationRequested();
    }

    /// <summary>What a run trains and validates on, and how to describe it.</summary>
    private sealed record TrainingData(IBatchSource Training, ValidationSet? Validation, string Description, string TrainedOn);

    /// <summary>The train and test lists of an iHarmony4-layout dataset (<c>--data --subsets</c>).</summary>
    private static TrainingData FromDataset(TrainSettings settings, TrainingRecipe recipe)
    {
        string dataRoot = settings.DataRoot!;
        var trainSamples = IHarmony4Index.Load(dataRoot, settings.Subsets, DatasetSplit.Train);
        var testSamples = IHarmony4Index.Load(dataRoot, settings.Subsets, DatasetSplit.Test);
        if (trainSamples.Count < recipe.BatchSize)
            throw new CliException(dataRoot, $"{trainSamples.Count} training composites are fewer than one batch of {recipe.BatchSize}");
        var preprocessing = RecipeComponents.CreatePreprocessing(recipe);
        var training = new HarmonizationBatchLoader(trainSamples, new BatchLoaderOptions
        {
            BatchSize = recipe.BatchSize,
            Width = recipe.ImageSize,
            Height = recipe.ImageSize,
            Seed = recipe.Seed,
            Preprocessing = preprocessing,
        });
        // Validation during training uses a fixed slice of the held-out composites, in list order, so
        // it stays cheap; `harmonia eval` measures the whole test split.
        var validationSamples = testSamples.Take(ValidationImages).ToList();
        ValidationSet? validation = validationSamples.Count == 0 ? null : ValidationSet.From(new HarmonizationBatchLoader(validationSamples, new BatchLoaderOptions
        {
            BatchSize = 1,
            Width = recipe.ImageSize,
            Height = recipe.ImageSize,
            Shuffle = false,
            Preprocessing = preprocessing,
        }));
        var subsets = string.Join(",", settings.Subsets);
        var dataFolder = Path.GetFileName(Path.GetFullPath(dataRoot).TrimEnd(Path.DirectorySeparatorChar));
        // "Lalonde of lalonde" says nothing twice: the folder is named only when it adds something.
        var source = string.Equals(subsets, dataFolder, StringComparison.OrdinalIgnoreCase) ? subsets : $"{subsets} of {dataFolder}";
        return new TrainingData(training, validation,
            $"{trainSamples.Count} composites ({testSamples.Count} held out)",
            FormattableString.Invariant($"{source}: {trainSamples.Count} composites, {testSamples.Count} held out"));
    }

    /// <summary>
    /// Composites synthesized at every step from the training photos (<c>--photos --masks</c>);
    /// validation scores one fixed composite of each held-out photo (epoch 0, in order).
    /// </summary>
    private static TrainingData FromPhotos(TrainSettings settings, TrainingRecipe recipe)
    {
        OnTheFlyComposites training;
        try
        {
            training = OnTheFlyComposites.Load(new OnTheFlyOptions
            {
                PhotosDirectory = settings.Photos!,
                MasksDirectory = settings.Masks!,
                Mix = settings.Mix!,
                TestFraction = settings.TestFraction,
                SplitSeed = (ulong)settings.SplitSeed,
                Seed = recipe.Seed,
                BatchSize = recipe.BatchSize,
                Size = recipe.ImageSize,
            });
        }
        catch (SynthesisException e) { throw new CliException(settings.Photos!, e.Message); }
        ValidationSet? validation = null;
        int heldOut = 0;
        if (settings.TestFraction > 0)
        {
            try
            {
                var test = training.HeldOut();
                heldOut = test.PhotoCount;
                validation = ValidationSet.From(test);
            }
            catch (SynthesisException) { } // no usable held-out photo: train without validation
        }
        string folder = Path.GetFileName(Path.GetFullPath(settings.Photos!).TrimEnd(Path.DirectorySeparatorChar));
        string mix = settings.Mix!.ToString();
        return new TrainingData(training, validation,
            $"composites synthesized at every step from {training.PhotoCount} photos ({heldOut} held out; {mix})",
            FormattableString.Invariant($"{folder}: composites synthesized at every step from {training.PhotoCount} photos, {heldOut} held out ({mix})"));
    }

    /// <summary>
    /// The run's own description, kept through resumes (it names the weights a fine-tuning started
    /// from). On-the-fly composites depend on the mix and the split, which the recipe does not hold,
    /// so a resume that would draw other composites is refused here rather than silently diverging.
    /// </summary>
    private static string ResumedDescription(string runDirectory, string requested)
    {
        string path = Path.Combine(runDirectory, RunDirectory.LastCheckpointName);
        if (!File.Exists(path)) return requested; // the trainer explains that there is nothing to resume
        StateDict checkpoint;
        try { checkpoint = SafeTensorsFile.Read(path); }
        catch (Exception e) when (e is CheckpointFormatException or InvalidDataException or IOException) { return requested; } // the trainer reports it
        if (!checkpoint.Metadata.TryGetValue(TrainingCheckpoint.TrainedOnKey, out var stored)) return requested;
        bool onTheFly = stored.Contains(OnTheFlyMarker, StringComparison.Ordinal) || requested.Contains(OnTheFlyMarker, StringComparison.Ordinal);
        if (onTheFly && !stored.StartsWith(requested, StringComparison.Ordinal))
            throw new CliException(runDirectory, $"the run was trained on \"{stored}\" but this request gives \"{requested}\"; resume with the run's --photos, --masks, --recipe, --identity-share, --test-fraction and --split-seed");
        return stored;
    }

    /// <summary>The words that mark a description of on-the-fly composites.</summary>
    private const string OnTheFlyMarker = "synthesized at every step";

    /// <summary>" (step N of its run)" when the weights are a Harmonia training checkpoint, else nothing.</summary>
    private static string DescribeStep(StateDict weights)
        => weights.Metadata.TryGetValue(TrainingCheckpoint.StepKey, out var step) ? $" (step {step} of its run)" : "";

    /// <summary>Held-out composites scored during training.</summary>
    private const int ValidationImages = 128;

    /// <summary>Most steps between checkpoints (and validations): a killed CPU run loses little.</summary>
    private const int CheckpointSteps = 100;

    /// <summary>Shows training progress as a bar and validation results as lines.</summary>
    private sealed class ProgressMonitor(CliContext context) : ITrainingMonitor, IDisposable
    {
        private IProgressReporter? bar;

        /// <summary>The bar counts this session's steps only, so its rate and ETA are right after a resume.</summary>
        public void Start(int totalSteps, int doneSteps)
        {
            bar = context.StartProgress(doneSteps == 0 ? "training" : $"training (resumed at step {doneSteps})", totalSteps - doneSteps, "steps");
        }

        public void OnStep(TrainingProgress progress) => bar?.Advance(1);

        public void OnValidation(ValidationReport report, bool improved)
            => context.Status(FormattableString.Invariant(
                $"step {report.Step}: validation PSNR {report.MeanPsnr:F2} dB, fMSE {report.MeanFmse:F1} on {report.Images} images{(improved ? " (best so far)" : "")}"));

        public void Dispose() => bar?.Dispose();
    }
}
