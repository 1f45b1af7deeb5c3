using Harmonia.Models;

namespace Harmonia.Training.Recipes;

/// <summary>
/// What the user changed on the command line; null keeps the preset's published value.
/// </summary>
/// <param name="Epochs"><c>--epochs</c>: train this many epochs (the schedule is scaled to them).</param>
/// <param name="Steps"><c>--steps</c>: train this many optimizer steps instead (the schedule counts steps).</param>
/// <param name="BatchSize"><c>--batch</c>.</param>
/// <param name="LearningRate"><c>--lr</c>: the base rate; later phases keep their ratio to it.</param>
/// <param name="ImageSize"><c>--size</c>.</param>
/// <param name="Seed">Seed of the initialisation and the data order.</param>
/// <param name="Optimizer"><c>--optimizer</c>: another optimizer family than the published one (its betas
/// become that family's defaults).</param>
/// <param name="WeightDecay"><c>--weight-decay</c>: L2 for Adam, decoupled for AdamW and Lion (default 0, and
/// PyTorch's 0.01 for AdamW).</param>
/// <param name="Schedule"><c>--schedule</c>: another learning-rate policy than the published one.</param>
public sealed record RecipeOverrides(
    int? Epochs = null,
    int? Steps = null,
    int? BatchSize = null,
    double? LearningRate = null,
    int? ImageSize = null,
    ulong? Seed = null,
    OptimizerKind? Optimizer = null,
    double? WeightDecay = null,
    ScheduleKind? Schedule = null)
{
    /// <summary>No override: the published recipe.</summary>
    public static RecipeOverrides None { get; } = new();
}
