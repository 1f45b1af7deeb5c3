using Harmonia.Models;
using Harmonia.Training.Optimizers;
using Harmonia.Training.Schedules;

namespace Harmonia.Training.Recipes;

/// <summary>
/// Each network's published training recipe (<see cref="NetworkArchitecture.Recipe"/>, stated in the
/// architecture's own folder), with the user's overrides applied.
/// </summary>
/// <remarks>
/// A shorter (or longer) run given by <c>--epochs</c> or <c>--steps</c> keeps the schedule's
/// shape: its phases are scaled proportionally to the new length.
/// </remarks>
public static class RecipeDefaults
{
    /// <summary>The recipe for the preset called <paramref name="modelName"/> (see <see cref="ModelCatalog.Presets"/>).</summary>
    /// <exception cref="ArgumentException">Unknown name, a baseline, or an override that cannot be trained with.</exception>
    public static TrainingRecipe ForPreset(string modelName, RecipeOverrides? overrides = null)
    {
        var preset = ModelCatalog.Find(modelName);
        if (preset.Spec is null) throw new ArgumentException($"{preset.Name} is a baseline with nothing to train");
        return ForSpec(preset.Spec, overrides, preset.Name);
    }

    /// <summary>
    /// The recipe of <paramref name="spec"/>'s architecture for a custom configuration
    /// (<c>--config</c>), named <paramref name="modelName"/>.
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

        var published = spec.Architecture.Recipe;
        var optimizer = overrides.Optimizer ?? published.Optimizer;
        // Betas belong to an optimizer family: the published ones while the family stays, the
        // family's own defaults when the user switches (Adam's are not Lion's).
        var (beta1, beta2) = Family(optimizer) == Family(published.Optimizer)
            ? (published.Beta1, published.Beta2)
            : DefaultBetas(optimizer);
        var recipe = new TrainingRecipe
        {
            ModelName = modelName,
            Spec = spec,
            Initialization = published.Initialization,
            Loss = published.Loss,
            Optimizer = optimizer,
            Beta1 = beta1,
            Beta2 = beta2,
            WeightDecay = overrides.WeightDecay ?? (optimizer == OptimizerKind.AdamW ? AdamW.DefaultWeightDecay : 0),
            LearningRate = overrides.LearningRate ?? published.LearningRate,
            BatchSize = overrides.BatchSize ?? published.BatchSize,
            ImageSize = overrides.ImageSize ?? published.ImageSize,
            Budget = overrides.Steps is { } steps ? TrainingBudget.Steps(steps)
                : TrainingBudget.Epochs(overrides.Epochs ?? published.Epochs),
            Schedule = overrides.Schedule ?? published.Schedule,
            Seed = overrides.Seed ?? 0,
        };
        recipe.Validate();
        return recipe;
    }

    /// <summary>Adam and AdamW share their moments and betas; Lion is a family of its own.</summary>
    private static OptimizerKind Family(OptimizerKind optimizer) => optimizer == OptimizerKind.AdamW ? OptimizerKind.Adam : optimizer;

    /// <summary>torch.optim.Adam's and AdamW's (0.9, 0.999); lion-pytorch's (0.9, 0.99).</summary>
    private static (double Beta1, double Beta2) DefaultBetas(OptimizerKind optimizer)
        => optimizer == OptimizerKind.Lion ? (0.9, 0.99) : (0.9, 0.999);
}
