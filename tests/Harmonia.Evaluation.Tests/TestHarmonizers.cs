using Harmonia.Models;
using Harmonia.Tensors;

namespace Harmonia.Evaluation.Tests;

/// <summary>Returns the composite, but like a network only accepts sizes that are multiples of 8.</summary>
internal sealed class MultipleOfEightIdentity : IHarmonizer
{
    public string Name => "identity-x8";
    public int SizeMultiple => 8;
    public Tensor Harmonize(Tensor composite, Tensor mask)
    {
        if (composite.Shape[2] % 8 != 0 || composite.Shape[3] % 8 != 0)
            throw new InvalidOperationException("The runner passed a size that is not a multiple of 8.");
        return composite.Clone();
    }
}

/// <summary>Fails on every call, like a model with a bug.</summary>
internal sealed class FailingHarmonizer : IHarmonizer
{
    public string Name => "broken";
    public int SizeMultiple => 1;
    public Tensor Harmonize(Tensor composite, Tensor mask) => throw new InvalidOperationException("kernel exploded");
}
