using Harmonia.Models;
using Harmonia.Models.Hdnet;
using Harmonia.NN;
using Harmonia.NN.Layers;
using Harmonia.Tensors;
using Harmonia.Tensors.Random;

namespace Harmonia.Training.Recipes;

/// <summary>
/// Draws a fresh network's weights from the run's own seeded generator, so a run's starting
/// point depends on its seed alone (not on the process-wide <see cref="LayerInit.Generator"/>,
/// which every layer constructor draws from and which concurrent code would interleave).
/// </summary>
public static class NetworkInitialization
{
    /// <summary>Re-initialises every randomly initialised weight of <paramref name="network"/> in place.</summary>
    public static void Apply(Module network, WeightInitialization initialization, RandomGenerator rng)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(rng);
        switch (initialization)
        {
            case WeightInitialization.HdnetNormal:
                HdnetInit.Apply(network, rng);
                break;
            case WeightInitialization.PyTorchDefault:
                ApplyPyTorchDefaults(network, rng);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(initialization), initialization, "Unknown initialisation.");
        }
    }

    /// <summary>
    /// PyTorch's layer defaults: every layer that has them (<see cref="IResettable"/>: convolutions and
    /// linear layers) draws its parameters again, in module order; every other parameter (norm scales,
    /// PHNet's normalizer weights) is a constant set by its constructor and stays as it is.
    /// </summary>
    private static void ApplyPyTorchDefaults(Module network, RandomGenerator rng)
    {
        foreach (var module in network.Modules())
            if (module is IResettable layer) layer.ResetParameters(rng);
    }
}
