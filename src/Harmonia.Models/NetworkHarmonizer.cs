using Harmonia.NN;
using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Models;

/// <summary>
/// Runs a harmonization network for inference: converts [0, 1] images to the network's own
/// range, predicts without recording gradients, converts back, and blends the prediction into
/// the composite's background.
/// </summary>
public sealed class NetworkHarmonizer : IHarmonizer
{
    private readonly IHarmonizationNetwork network;

    /// <summary>Wraps a built and loaded network described by <paramref name="spec"/>.</summary>
    public NetworkHarmonizer(string name, ModelSpec spec, Module network)
    {
        Name = name;
        Spec = spec;
        Network = network;
        this.network = network as IHarmonizationNetwork
            ?? throw new ArgumentException($"{network.GetType().Name} is not a harmonization network.", nameof(network));
        network.Eval();
    }

    /// <inheritdoc/>
    public string Name { get; }
    /// <summary>The architecture.</summary>
    public ModelSpec Spec { get; }
    /// <summary>The network module (for parameter counts and weights).</summary>
    public Module Network { get; }
    /// <inheritdoc/>
    public int SizeMultiple => 8;

    /// <inheritdoc/>
    public Tensor Harmonize(Tensor composite, Tensor mask)
    {
        // Every intermediate goes back to the buffer pool when the pass ends, so repeated calls at
        // one size allocate nothing but their result.
        using var scope = TensorScope.Begin();
        using var _ = Autograd.NoGrad();
        var input = Spec.UsesSymmetricRange ? composite * 2f - 1f : composite;
        var prediction = network.Forward(input, mask);
        var prediction01 = Spec.UsesSymmetricRange ? (prediction + 1f) * 0.5f : prediction;
        return scope.Keep(Clamp(prediction01 * mask + composite * (1f - mask), 0f, 1f));
    }
}
