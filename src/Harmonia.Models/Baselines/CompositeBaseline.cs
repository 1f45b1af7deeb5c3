using Harmonia.Tensors;

namespace Harmonia.Models.Baselines;

/// <summary>The "do nothing" baseline: returns the composite. Every metric table starts with it.</summary>
public sealed class CompositeBaseline : IHarmonizer
{
    /// <inheritdoc/>
    public string Name => "composite";
    /// <inheritdoc/>
    public int SizeMultiple => 1;
    /// <inheritdoc/>
    public Tensor Harmonize(Tensor composite, Tensor mask) => composite.Clone();
}
