using Harmonia.Data;
using Harmonia.Models;
using Harmonia.NN;
using Harmonia.Tensors;
using Harmonia.Training.Objectives;
using Harmonia.Training.Optimizers;
using Harmonia.Training.Recipes;

namespace Harmonia.Training;

/// <summary>
/// One optimizer step of a recipe on a network: forward in training mode, the recipe's loss,
/// backward, the optimizer's update, gradients cleared. The <see cref="Trainer"/> takes its steps
/// with it and <c>harmonia bench --train</c> times it, so both run the same step.
/// </summary>
public sealed class TrainingStep
{
    private readonly Module network;
    private readonly IHarmonizationNetwork harmonizationNetwork;
    private readonly ITrainingObjective objective;

    /// <summary>The step of <paramref name="recipe"/> on <paramref name="network"/>, with a fresh optimizer over its parameters.</summary>
    /// <exception cref="ArgumentException"><paramref name="network"/> is not a harmonization network.</exception>
    public TrainingStep(TrainingRecipe recipe, Module network)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(network);
        this.network = network;
        harmonizationNetwork = network as IHarmonizationNetwork
            ?? throw new ArgumentException($"{network.GetType().Name} is not a harmonization network.", nameof(network));
        Optimizer = RecipeComponents.CreateOptimizer(recipe, network);
        objective = RecipeComponents.CreateObjective(recipe);
    }

    /// <summary>The optimizer the step updates the weights with; its rates are the caller's to schedule.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>
    /// Takes one step on <paramref name="batch"/> and returns the loss before the update. A loss that
    /// is NaN or infinite is returned without updating anything, for the caller to report.
    /// </summary>
    public double Run(HarmonizationBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        network.Train();
        // Every tensor of the step (graph, saved activations, intermediate gradients) goes back to
        // the buffer pool when the step ends, for the next step to reuse.
        using var scope = TensorScope.Begin();
        var loss = objective.Loss(harmonizationNetwork, batch);
        double value = loss.Item();
        if (!double.IsFinite(value)) return value;
        loss.Backward();
        Optimizer.Step();
        network.ZeroGrad();
        return value;
    }
}
