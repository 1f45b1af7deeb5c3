using Harmonia.Training.Optimizers;

namespace Harmonia.Training.Schedules;

/// <summary>
/// One stage of a staged recipe: how long it lasts, its learning rate, and which modules (by
/// parameter-name prefix, see <see cref="ParameterPath.IsUnder"/>) are frozen while it runs.
/// </summary>
public sealed class TrainingStage
{
    /// <summary>Creates a stage.</summary>
    /// <param name="name">A label for logs.</param>
    /// <param name="length">How many positions (epochs or steps, see <see cref="StagedSchedule.Unit"/>) it lasts; at least 1.</param>
    /// <param name="learningRate">The constant learning rate during the stage.</param>
    /// <param name="frozenModules">Module paths whose parameters do not train, e.g. <c>encoder</c>.</param>
    public TrainingStage(string name, int length, double learningRate, IReadOnlyList<string> frozenModules)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(frozenModules);
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length), length, $"Stage '{name}' must last at least 1.");
        Name = name;
        Length = length;
        LearningRate = SchedulePosition.RequireRate(learningRate, nameof(learningRate));
        FrozenModules = frozenModules.Select(ParameterPath.Normalize).ToArray();
    }

    /// <summary>The stage's label.</summary>
    public string Name { get; }

    /// <summary>How many positions it lasts.</summary>
    public int Length { get; }

    /// <summary>The learning rate throughout the stage.</summary>
    public double LearningRate { get; }

    /// <summary>Module paths (no trailing dot) whose parameters are frozen.</summary>
    public IReadOnlyList<string> FrozenModules { get; }

    /// <summary>Whether the parameter named <paramref name="parameterName"/> is frozen in this stage.</summary>
    public bool IsFrozen(string parameterName) => FrozenModules.Any(module => ParameterPath.IsUnder(parameterName, module));

    /// <summary>The same stage with another length.</summary>
    public TrainingStage WithLength(int length) => new(Name, length, LearningRate, FrozenModules);

    /// <summary>
    /// Puts <paramref name="optimizer"/> into this stage: every group gets the stage's learning rate
    /// and is frozen exactly when all its parameters are. With <paramref name="stopGradients"/>
    /// (the default) frozen parameters also stop requiring gradients and lose any gradient they
    /// hold, as PHNet's <c>set_requires_grad</c> does, so backward passes skip them; trainable ones
    /// require gradients again.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// A group mixes frozen and trainable parameters; build the groups with
    /// <see cref="ParameterGroup.SplitByModule"/> over the recipe's module paths.
    /// </exception>
    public void ApplyTo(Optimizer optimizer, bool stopGradients = true)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var frozenFlags = new bool[optimizer.Groups.Count];
        for (int g = 0; g < optimizer.Groups.Count; g++)
        {
            var group = optimizer.Groups[g];
            int frozenCount = group.Parameters.Count(p => IsFrozen(p.Name));
            if (frozenCount > 0 && frozenCount < group.Parameters.Count)
                throw new InvalidOperationException(
                    $"Stage '{Name}' freezes {frozenCount} of the {group.Parameters.Count} parameters of group '{group.Name}' " +
                    $"(e.g. '{group.Parameters.First(p => IsFrozen(p.Name)).Name}' but not '{group.Parameters.First(p => !IsFrozen(p.Name)).Name}'); " +
                    "split the groups by module so each is wholly frozen or trainable.");
            frozenFlags[g] = frozenCount > 0;
        }
        for (int g = 0; g < optimizer.Groups.Count; g++)
        {
            var group = optimizer.Groups[g];
            group.LearningRate = LearningRate;
            group.Frozen = frozenFlags[g];
            if (!stopGradients) continue;
            foreach (var (_, tensor) in group.Parameters)
            {
                tensor.RequiresGrad = !frozenFlags[g];
                if (frozenFlags[g]) tensor.Grad = null;
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString()
        => $"{Name}: {Length} at lr {LearningRate:G3}" + (FrozenModules.Count > 0 ? $", frozen {string.Join(", ", FrozenModules)}" : "");
}
