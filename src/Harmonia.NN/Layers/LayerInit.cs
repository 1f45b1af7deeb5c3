using Harmonia.Tensors;
using Harmonia.Tensors.Random;

namespace Harmonia.NN.Layers;

/// <summary>
/// PyTorch's default initialisation of convolution and linear layers (kaiming-uniform with
/// a = √5, which gives bound 1/√fan_in; bias uniform in ±1/√fan_in). Layers draw from one
/// process-wide seeded generator when constructed, which no one can replace; weights that must
/// be reproducible are drawn again explicitly from a generator of the caller's own with
/// <see cref="IResettable.ResetParameters"/> (as training's <c>NetworkInitialization</c> does from the
/// run's seed), or loaded.
/// </summary>
public static class LayerInit
{
    /// <summary>
    /// The generator layers draw from when constructed. Its draws depend on everything built before in
    /// the process; for reproducible weights, reset them from your own generator instead.
    /// </summary>
    public static RandomGenerator Generator { get; } = new(0);

    /// <summary>Initialises <paramref name="weight"/> and <paramref name="bias"/> as PyTorch does, drawing from <paramref name="generator"/>.</summary>
    /// <param name="weight">The layer weight.</param>
    /// <param name="bias">The layer bias, if any.</param>
    /// <param name="generator">The generator to draw from: the weight first, then the bias.</param>
    /// <remarks>Transposed convolutions store [in, out, …]; PyTorch still takes fan-in from dimension 1, and so does this.</remarks>
    public static void PyTorchDefault(Tensor weight, Tensor? bias, RandomGenerator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var (fanIn, _) = Init.Fans(weight);
        Init.KaimingUniform(weight, generator, a: Math.Sqrt(5));
        if (bias is not null)
        {
            double bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
            Init.Uniform(bias, generator, -bound, bound);
        }
    }
}
