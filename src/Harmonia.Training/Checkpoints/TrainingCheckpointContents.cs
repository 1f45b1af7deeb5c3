using Harmonia.NN.Serialization;
using Harmonia.Tensors;
using Harmonia.Training.Recipes;

namespace Harmonia.Training.Checkpoints;

/// <summary>A training checkpoint as read back by <see cref="TrainingCheckpoint.Read"/>.</summary>
/// <param name="Recipe">The recipe of the run.</param>
/// <param name="Position">Where the run stood.</param>
/// <param name="Model">The model's parameters and buffers (no optimizer entries), with the file's metadata.</param>
/// <param name="OptimizerState">The optimizer state, names without <see cref="TrainingCheckpoint.OptimizerPrefix"/>.</param>
public sealed record TrainingCheckpointContents(
    TrainingRecipe Recipe,
    TrainingPosition Position,
    StateDict Model,
    IReadOnlyDictionary<string, Tensor> OptimizerState);
