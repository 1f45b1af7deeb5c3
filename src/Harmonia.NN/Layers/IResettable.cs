using Harmonia.Tensors.Random;

namespace Harmonia.NN.Layers;

/// <summary>
/// A layer with PyTorch's default initialisation, like <c>reset_parameters()</c> in PyTorch: it draws
/// its weights in its constructor and again whenever a whole network is re-initialised from one
/// seeded generator.
/// </summary>
public interface IResettable
{
    /// <summary>Draws the layer's parameters afresh from <paramref name="generator"/>, as its constructor does.</summary>
    void ResetParameters(RandomGenerator generator);
}
