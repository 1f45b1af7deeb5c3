namespace Harmonia.Training.Schedules;

/// <summary>
/// PHNet's staged training recipe (from the paper), over the top-level modules of the authors'
/// PHNet, whose parameter names start with <c>feature_extractor.</c>, <c>encoder.</c>,
/// <c>normalizers.</c>, <c>decoder.</c>, <c>skip.</c> or <c>SE_block.</c>.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>encoder-decoder: 100 epochs at 1e-4, the feature extractor frozen;</item>
/// <item>feature extractor: 10 epochs at 1e-5, the encoder frozen, everything else training;</item>
/// <item>fine-tune: 50 epochs at 1e-7, everything training.</item>
/// </list>
/// The paper trains stage 1 "without" the feature extractor; freezing is what a schedule can
/// express. Whether the model should also bypass the branch during stage 1 is the trainer's call.
/// The authors' published trainer uses Lion with a constant rate (it builds a cosine scheduler but
/// never steps it), which is what each stage's constant rate reproduces.
/// </remarks>
public static class PhnetRecipe
{
    /// <summary>PHNet's top-level module paths, for <see cref="Optimizers.ParameterGroup.SplitByModule"/>.</summary>
    public static IReadOnlyList<string> ModulePaths { get; } = ["feature_extractor", "encoder", "normalizers", "decoder", "skip", "SE_block"];

    /// <summary>The recipe as published: 100 + 10 + 50 epochs.</summary>
    public static StagedSchedule Create() => new(
    [
        new TrainingStage("encoder-decoder", 100, 1e-4, ["feature_extractor"]),
        new TrainingStage("feature-extractor", 10, 1e-5, ["encoder"]),
        new TrainingStage("fine-tune", 50, 1e-7, []),
    ], ScheduleUnit.Epoch);

    /// <summary>
    /// The recipe compressed proportionally to <paramref name="totalLength"/> epochs or steps
    /// (see <see cref="StagedSchedule.ScaledTo"/>): e.g. 16 epochs become 10 + 1 + 5.
    /// </summary>
    public static StagedSchedule Scaled(int totalLength, ScheduleUnit unit) => Create().ScaledTo(totalLength, unit);
}
