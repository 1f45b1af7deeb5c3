namespace Harmonia.Models;

/// <summary>
/// How an architecture's authors train it: the facts from which Harmonia's default training recipe
/// is made (the training layer turns them into a recipe and applies the user's overrides).
/// </summary>
public sealed record PublishedRecipe
{
    /// <summary>How a fresh network's weights are drawn.</summary>
    public required WeightInitialization Initialization { get; init; }
    /// <summary>The objective.</summary>
    public required TrainingLossKind Loss { get; init; }
    /// <summary>The optimizer family.</summary>
    public required OptimizerKind Optimizer { get; init; }
    /// <summary>First-moment (Adam) or interpolation (Lion) coefficient.</summary>
    public required double Beta1 { get; init; }
    /// <summary>Second-moment (Adam) or momentum-decay (Lion) coefficient.</summary>
    public required double Beta2 { get; init; }
    /// <summary>The rate of the schedule's first phase.</summary>
    public required double LearningRate { get; init; }
    /// <summary>Images per optimizer step.</summary>
    public required int BatchSize { get; init; }
    /// <summary>Side of the square training crops.</summary>
    public required int ImageSize { get; init; }
    /// <summary>Length of the published run, in epochs.</summary>
    public required int Epochs { get; init; }
    /// <summary>The learning-rate policy.</summary>
    public required ScheduleKind Schedule { get; init; }
    /// <summary>
    /// Whether the training loader rebuilds each composite's background from the real photo, so the
    /// network never sees differences (e.g. compression) outside the mask.
    /// </summary>
    public bool ComposeBackgroundFromReal { get; init; }
}
