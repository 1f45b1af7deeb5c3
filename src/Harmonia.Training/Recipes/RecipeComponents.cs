using Harmonia.Data.Loading;
using Harmonia.Models;
using Harmonia.NN;
using Harmonia.Tensors.Random;
using Harmonia.Training.Objectives;
using Harmonia.Training.Optimizers;
using Harmonia.Training.Schedules;

namespace Harmonia.Training.Recipes;

/// <summary>Turns a <see cref="TrainingRecipe"/> into the objects a run is made of.</summary>
public static class RecipeComponents
{
    /// <summary>The network, freshly initialised from <paramref name="rng"/> as the recipe says.</summary>
    public static Module CreateNetwork(TrainingRecipe recipe, RandomGenerator rng)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var network = recipe.Spec.Build();
        NetworkInitialization.Apply(network, recipe.Initialization, rng);
        return network;
    }

    /// <summary>
    /// The learning-rate schedule scaled to the recipe's length. With a changed base rate, every
    /// phase keeps its ratio to the base (PHNet: 1 : 0.1 : 0.001).
    /// </summary>
    public static ILearningRateSchedule CreateSchedule(TrainingRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var (length, unit) = recipe.Budget;
        switch (recipe.Schedule)
        {
            case ScheduleKind.HdnetMultiStep:
                return MultiStepSchedule.Hdnet(recipe.LearningRate, length, unit);
            case ScheduleKind.PhnetStaged:
                var scaled = PhnetRecipe.Scaled(length, unit);
                double ratio = recipe.LearningRate / scaled.Stages[0].LearningRate;
                return new StagedSchedule(scaled.Stages
                    .Select(s => new TrainingStage(s.Name, s.Length, s.LearningRate * ratio, s.FrozenModules))
                    .ToArray(), unit);
            case ScheduleKind.Constant:
                return new ConstantSchedule(recipe.LearningRate);
            case ScheduleKind.Cosine:
                return new CosineAnnealingSchedule(recipe.LearningRate, length, unit: unit);
            default:
                throw new ArgumentOutOfRangeException(nameof(recipe), recipe.Schedule, "Unknown schedule.");
        }
    }

    /// <summary>
    /// The optimizer over <paramref name="network"/>'s parameters. A staged schedule gets one
    /// parameter group per PHNet module, so each stage can freeze whole groups; otherwise one
    /// group holds everything. Rates are set by the schedule before each step.
    /// </summary>
    public static Optimizer CreateOptimizer(TrainingRecipe recipe, Module network)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(network);
        IReadOnlyList<ParameterGroup> groups = recipe.Schedule == ScheduleKind.PhnetStaged
            ? ParameterGroup.SplitByModule(network.NamedParameters(), PhnetRecipe.ModulePaths, recipe.LearningRate, recipe.WeightDecay)
            : [new ParameterGroup("all", network.NamedParameters(), recipe.LearningRate, recipe.WeightDecay)];
        return recipe.Optimizer switch
        {
            OptimizerKind.Adam => new Adam(groups, recipe.Beta1, recipe.Beta2),
            OptimizerKind.Lion => new Lion(groups, recipe.Beta1, recipe.Beta2),
            OptimizerKind.AdamW => new AdamW(groups, recipe.Beta1, recipe.Beta2),
            _ => throw new ArgumentOutOfRangeException(nameof(recipe), recipe.Optimizer, "Unknown optimizer."),
        };
    }

    /// <summary>
    /// How the training loader prepares each sample for this recipe's architecture (e.g. HDNet's
    /// loader rebuilds the composite's background from the real photo, see <see cref="PublishedRecipe.ComposeBackgroundFromReal"/>).
    /// </summary>
    public static SamplePreprocessing CreatePreprocessing(TrainingRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        return new SamplePreprocessing { ComposeBackgroundFromReal = recipe.Spec.Architecture.Recipe.ComposeBackgroundFromReal };
    }

    /// <summary>The objective, with the value-range conversion the network needs.</summary>
    public static ITrainingObjective CreateObjective(TrainingRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        return recipe.Loss switch
        {
            TrainingLossKind.HdnetBlendedMaskWeightedMse => new HdnetObjective(),
            TrainingLossKind.Phnet => new PhnetObjective(),
            _ => throw new ArgumentOutOfRangeException(nameof(recipe), recipe.Loss, "Unknown loss."),
        };
    }
}
