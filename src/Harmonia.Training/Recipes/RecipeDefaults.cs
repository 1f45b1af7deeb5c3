using Harmonia.Models;
using Harmonia.Training.Schedules;

namespace Harmonia.Training.Recipes;

/// <summary>
/// Each network's published training recipe, with the user's overrides applied.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>HDNet</b> (authors' <c>hdnet_model.py</c> and options): the N(0, 0.02²) init; the
/// foreground-normalized MSE of the blended output in [−1, 1]; Adam, lr 1e-3, β (0.9, 0.999);
/// batch 12 at 256×256; 120 epochs, the rate ×0.1 from epoch 100 and ×0.01 from epoch 110.</item>
/// <item><b>PHNet</b> (paper and authors' trainer): PyTorch's default init; the PSNR +
/// FN-MSE + gradient objective on the raw [0, 1] output; Lion, β (0.9, 0.99); batch 16 at 256×256;
/// the staged recipe of 100 + 10 + 50 epochs at 1e-4, 1e-5 and 1e-7 with per-stage freezing.</item>
/// </list>
/// A shorter (or longer) run given by <c>--epochs</c> or <c>--steps</c> keeps the schedule's
/// shape: its phases are scaled proportionally to the new length.
/// </remarks>
public static class RecipeDefaults
{
    /// <summary>Size of the training crops of both papers.</summary>
    public const int PublishedImageSize = 256;

    /// <summary>HDNet's batch size.</summary>
    public const int HdnetBatchSize = 12;

    /// <summary>HDNet's Adam learning rate.</summary>
    public const double HdnetLearningRate = 1e-3;

    /// <summary>PHNet's batch size.</summary>
    public const int PhnetBatchSize = 16;

    /// <summary>The rate of PHNet's first stage.</summary>
    public const double PhnetLearningRate = 1e-4;

    /// <summary>The recipe for the preset called <paramref name="modelName"/> (see <see cref="ModelCatalog.Presets"/>).</summary>
    /// <exception cref="ArgumentException">Unknown name, a baseline, or an override that cannot be trained with.</exception>
    public static TrainingRecipe ForPreset(string modelName, RecipeOverrides? overrides = null)
    {
        var preset = ModelCatalog.Find(modelName);
        if (preset.Spec is null) throw new ArgumentException($"{preset.Name} is a baseline with nothing to train");
        return ForSpec(preset.Spec, overrides, preset.Name);
    }

    /// <summary>
    /// The recipe of <paramref name="spec"/>'s architecture (HDNet's or PHNet's) for a custom
    /// configuration (<c>--config</c>), named <paramref name="modelName"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An override that cannot be trained with.</exception>
    public static TrainingRecipe ForSpec(ModelSpec spec, RecipeOverrides? overrides = null, string modelName = "config")
    {
        ArgumentNullException.ThrowIfNull(spec);
        overrides ??= RecipeOverrides.None;
        if (overrides.Epochs is not null && overrides.Steps is not null)
            throw new ArgumentException("give either --epochs or --steps, not both");
        if (overrides.Epochs is < 1) throw new ArgumentException($"--epochs must be at least 1, got {overrides.Epochs}");
        if (overrides.Steps is < 1) throw new ArgumentException($"--steps must be at least 1, got {overrides.Steps}");

        var recipe = spec.Architecture switch
        {
            "hdnet" => Hdnet(spec, modelName),
            "phnet" => Phnet(spec, modelName),
            _ => throw new ArgumentException($"no training recipe for architecture '{spec.Architecture}'"),
        };
        recipe = recipe with
        {
            Budget = overrides.Steps is { } steps ? TrainingBudget.Steps(steps)
                : overrides.Epochs is { } epochs ? TrainingBudget.Epochs(epochs)
                : recipe.Budget,
            BatchSize = overrides.BatchSize ?? recipe.BatchSize,
            LearningRate = overrides.LearningRate ?? recipe.LearningRate,
            ImageSize = overrides.ImageSize ?? recipe.ImageSize,
            Seed = overrides.Seed ?? recipe.Seed,
        };
        recipe.Validate();
        return recipe;
    }

    private static TrainingRecipe Hdnet(ModelSpec spec, string name) => new()
    {
        ModelName = name,
        Spec = spec,
        Initialization = WeightInitialization.HdnetNormal,
        Loss = TrainingLossKind.HdnetBlendedMaskWeightedMse,
        Optimizer = OptimizerKind.Adam,
        Beta1 = 0.9,
        Beta2 = 0.999,
        LearningRate = HdnetLearningRate,
        BatchSize = HdnetBatchSize,
        ImageSize = PublishedImageSize,
        Budget = TrainingBudget.Epochs(MultiStepSchedule.HdnetEpochs),
        Schedule = ScheduleKind.HdnetMultiStep,
    };

    private static TrainingRecipe Phnet(ModelSpec spec, string name) => new()
    {
        ModelName = name,
        Spec = spec,
        Initialization = WeightInitialization.PyTorchDefault,
        Loss = TrainingLossKind.Phnet,
        Optimizer = OptimizerKind.Lion,
        Beta1 = 0.9,
        Beta2 = 0.99,
        LearningRate = PhnetLearningRate,
        BatchSize = PhnetBatchSize,
        ImageSize = PublishedImageSize,
        Budget = TrainingBudget.Epochs(PhnetRecipe.Create().TotalLength),
        Schedule = ScheduleKind.PhnetStaged,
    };
}
