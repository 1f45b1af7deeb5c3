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
    /// PyTorch's layer defaults, as <see cref="LayerInit.PyTorchDefault"/> defines them, for every
    /// convolution and linear layer; every other parameter (norm scales, PHNet's normalizer
    /// weights) is a constant set by its constructor and stays as it is.
    /// </summary>
    private static void ApplyPyTorchDefaults(Module network, RandomGenerator rng)
    {
        foreach (var module in network.Modules())
        {
            switch (module)
            {
                case Conv2d c: Reset(c.Weight, c.Bias); break;
                case ConvTranspose2d c: Reset(c.Weight, c.Bias); break;
                case Conv1d c: Reset(c.Weight, c.Bias); break;
                case Linear l: Reset(l.Weight, l.Bias); break;
            }
        }

        void Reset(Tensor weight, Tensor? bias)
        {
            var (fanIn, _) = Init.Fans(weight);
            Init.KaimingUniform(weight, rng, a: Math.Sqrt(5));
            if (bias is null) return;
            double bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
            Init.Uniform(bias, rng, -bound, bound);
        }
    }
}
