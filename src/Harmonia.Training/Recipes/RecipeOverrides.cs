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
public sealed record RecipeOverrides(
    int? Epochs = null,
    int? Steps = null,
    int? BatchSize = null,
    double? LearningRate = null,
    int? ImageSize = null,
    ulong? Seed = null)
{
    /// <summary>No override: the published recipe.</summary>
    public static RecipeOverrides None { get; } = new();
}
