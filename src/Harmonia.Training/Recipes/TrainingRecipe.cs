using System.Globalization;
using Harmonia.Models;
using Harmonia.Training.Schedules;

namespace Harmonia.Training.Recipes;

/// <summary>
/// Everything that decides what a training run computes: the network, its initialisation, the
/// loss, the optimizer and its settings, the schedule, batch size, image size, length and seed.
/// Two runs with equal recipes and equal data are the same run, which is what <c>--resume</c>
/// checks. Get one from <see cref="RecipeDefaults"/> (each preset's published recipe with the
/// user's overrides); it is stored as JSON in every checkpoint.
/// </summary>
/// <remarks>
/// The learning rate is the <em>base</em> rate: the rate of the first phase of the schedule.
/// The seed seeds the weight initialisation and must also seed the training data loader (the
/// trainer records it as the loader seed).
/// </remarks>
public sealed record TrainingRecipe
{
    /// <summary>The preset it was made for (<c>hdnet-lite</c>, …), or <c>config</c> for a custom architecture.</summary>
    public required string ModelName { get; init; }

    /// <summary>The architecture.</summary>
    public required ModelSpec Spec { get; init; }

    /// <summary>How a fresh network is initialised.</summary>
    public required WeightInitialization Initialization { get; init; }

    /// <summary>The objective.</summary>
    public required TrainingLossKind Loss { get; init; }

    /// <summary>The optimizer family.</summary>
    public required OptimizerKind Optimizer { get; init; }

    /// <summary>First-moment (Adam) or interpolation (Lion) coefficient.</summary>
    public required double Beta1 { get; init; }

    /// <summary>Second-moment (Adam) or momentum-decay (Lion) coefficient.</summary>
    public required double Beta2 { get; init; }

    /// <summary>Weight decay (L2 for Adam, decoupled for AdamW and Lion).</summary>
    public double WeightDecay { get; init; }

    /// <summary>The base learning rate: the rate of the schedule's first phase.</summary>
    public required double LearningRate { get; init; }

    /// <summary>Images per optimizer step.</summary>
    public required int BatchSize { get; init; }

    /// <summary>Side of the square training images, in pixels (a multiple of 8).</summary>
    public required int ImageSize { get; init; }

    /// <summary>How long to train.</summary>
    public required TrainingBudget Budget { get; init; }

    /// <summary>The learning-rate policy, scaled to <see cref="Budget"/>.</summary>
    public required ScheduleKind Schedule { get; init; }

    /// <summary>Seeds the initialisation and the data order.</summary>
    public ulong Seed { get; init; }

    /// <summary>The largest accepted image side; beyond it a batch would not fit in memory anyway.</summary>
    public const int MaxImageSize = 4096;

    /// <summary>The largest accepted batch size.</summary>
    public const int MaxBatchSize = 4096;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot be trained with.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(ModelName);
        ArgumentNullException.ThrowIfNull(Spec);
        if (!Enum.IsDefined(Initialization)) throw new ArgumentException($"unknown initialisation {Initialization}");
        if (!Enum.IsDefined(Loss)) throw new ArgumentException($"unknown loss {Loss}");
        if (!Enum.IsDefined(Optimizer)) throw new ArgumentException($"unknown optimizer {Optimizer}");
        if (!Enum.IsDefined(Schedule)) throw new ArgumentException($"unknown schedule {Schedule}");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentException($"the learning rate must be a positive finite number, got {Format(LearningRate)}");
        if (!(Beta1 >= 0 && Beta1 < 1) || !(Beta2 >= 0 && Beta2 < 1))
            throw new ArgumentException($"the optimizer betas must be in [0, 1), got ({Format(Beta1)}, {Format(Beta2)})");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
            throw new ArgumentException($"the weight decay must be non-negative and finite, got {Format(WeightDecay)}");
        if (BatchSize < 1 || BatchSize > MaxBatchSize)
            throw new ArgumentException($"the batch size must be between 1 and {MaxBatchSize}, got {BatchSize}");
        if (ImageSize < 8 || ImageSize > MaxImageSize || ImageSize % 8 != 0)
            throw new ArgumentException($"the image size must be a multiple of 8 between 8 and {MaxImageSize}, got {ImageSize}");
        if (!Enum.IsDefined(Budget.Unit)) throw new ArgumentException($"unknown budget unit {Budget.Unit}");
        // The published schedules have three phases, each needing at least one position.
        if (Schedule is (ScheduleKind.HdnetMultiStep or ScheduleKind.PhnetStaged) && Budget.Length < 3)
            throw new ArgumentException($"the {ScheduleName} schedule has three phases, so the run needs at least 3 {UnitName}, got {Budget.Length}");
        if (LossRange(Loss) != Spec.Range)
            throw new ArgumentException($"the {LossName(Loss)} loss does not fit a {Spec.Architecture.Name} network (its output range differs)");
        // The staged schedule freezes modules by PHNet's parameter paths, so it only fits the architecture that publishes it.
        if (Schedule == ScheduleKind.PhnetStaged && Spec.Architecture.Recipe.Schedule != ScheduleKind.PhnetStaged)
            throw new ArgumentException("the PHNet staged schedule freezes PHNet's modules and needs a phnet network");
    }

    /// <summary>The recipe as JSON (snake_case keys), as stored in checkpoint metadata.</summary>
    public string ToJson() => RecipeJson.Write(this);

    /// <summary>Parses <see cref="ToJson"/>'s output; unknown keys and bad values are errors naming them.</summary>
    /// <exception cref="InvalidDataException">The JSON is not a valid recipe.</exception>
    public static TrainingRecipe FromJson(string json) => RecipeJson.Read(json);

    /// <summary>
    /// The settings in which <paramref name="requested"/> differs from this recipe, one readable
    /// line each (<c>batch: 12 in the run, 8 requested</c>); empty when they are the same run.
    /// </summary>
    public IReadOnlyList<string> Differences(TrainingRecipe requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        var mine = Settings();
        var theirs = requested.Settings();
        var differences = new List<string>();
        foreach (var (key, value) in mine)
        {
            string other = theirs.First(s => s.Key == key).Value;
            if (other != value) differences.Add($"{key}: {value} in the run, {other} requested");
        }
        return differences;
    }

    /// <summary>
    /// The recipe as (setting, value) lines for the CLI to print before training, the schedule
    /// spelled out phase by phase.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Describe()
    {
        var lines = new List<KeyValuePair<string, string>>
        {
            new("model", ModelName),
            new("architecture", Spec.ToJson()),
            new("initialisation", Initialization switch
            {
                WeightInitialization.HdnetNormal => "N(0, 0.02²) conv/linear weights, zero biases (HDNet authors')",
                _ => "PyTorch layer defaults (kaiming-uniform, a = √5)",
            }),
            new("loss", Loss switch
            {
                TrainingLossKind.HdnetBlendedMaskWeightedMse => "foreground-normalized MSE (min area 100) of the blended output, in [-1, 1]",
                _ => "0.2·100/PSNR + 0.01·FN-MSE + 0.01·gradient L1 of the raw output, in [0, 1]",
            }),
            new("optimizer", $"{Optimizer} (β1 {Format(Beta1)}, β2 {Format(Beta2)}, weight decay {Format(WeightDecay)})"),
            new("learning rate", Format(LearningRate)),
            new("schedule", DescribeSchedule()),
            new("batch", BatchSize.ToString(CultureInfo.InvariantCulture)),
            new("image size", $"{ImageSize}×{ImageSize}"),
            new("length", Budget.ToString()),
            new("seed", Seed.ToString(CultureInfo.InvariantCulture)),
        };
        return lines;
    }

    /// <summary>Each setting that makes a run what it is, as comparable text.</summary>
    private List<KeyValuePair<string, string>> Settings() =>
    [
        new("model", ModelName),
        new("architecture", Spec.ToJson()),
        new("initialisation", Initialization.ToString()),
        new("loss", Loss.ToString()),
        new("optimizer", Optimizer.ToString()),
        new("beta1", Format(Beta1)),
        new("beta2", Format(Beta2)),
        new("weight decay", Format(WeightDecay)),
        new("learning rate", Format(LearningRate)),
        new("batch", BatchSize.ToString(CultureInfo.InvariantCulture)),
        new("image size", ImageSize.ToString(CultureInfo.InvariantCulture)),
        new("length", Budget.ToString()),
        new("schedule", Schedule.ToString()),
        new("seed", Seed.ToString(CultureInfo.InvariantCulture)),
    ];

    private string DescribeSchedule()
    {
        var schedule = RecipeComponents.CreateSchedule(this);
        string unit = Budget.Unit == ScheduleUnit.Epoch ? "epoch" : "step";
        switch (schedule)
        {
            case MultiStepSchedule multiStep:
                var phases = multiStep.Milestones.Select(m => $"×{Format(m.Factor)} from {unit} {m.Start}");
                return $"{Format(LearningRate)}, then {string.Join(", ", phases)} (of {Budget.Length})";
            case StagedSchedule staged:
                return string.Join("; ", staged.Stages.Select((s, i) => $"{unit}s {staged.StageStart(i)}–{staged.StageStart(i) + s.Length - 1} {s}"));
            case ConstantSchedule:
                return $"{Format(LearningRate)} throughout";
            case CosineAnnealingSchedule cosine:
                return $"cosine from {Format(LearningRate)} towards 0 over {cosine.Horizon} {unit}s";
            default:
                return schedule.GetType().Name;
        }
    }

    private string ScheduleName => Schedule == ScheduleKind.HdnetMultiStep ? "HDNet multi-step" : "PHNet staged";

    private string UnitName => Budget.Unit == ScheduleUnit.Epoch ? "epochs" : "steps";

    private static string LossName(TrainingLossKind loss) => loss == TrainingLossKind.Phnet ? "PHNet" : "HDNet blended";

    /// <summary>The range in which the loss compares the network's output with the real image.</summary>
    private static NetworkValueRange LossRange(TrainingLossKind loss)
        => loss == TrainingLossKind.HdnetBlendedMaskWeightedMse ? NetworkValueRange.MinusOneToOne : NetworkValueRange.ZeroToOne;

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
