using Harmonia.Tensors;

namespace Harmonia.Models;

/// <summary>
/// Anything that harmonizes: a network or a classical baseline. Works on tensors in [0, 1]:
/// a composite [1, 3, H, W] and a binary mask [1, 1, H, W] in, the harmonized image out,
/// already blended so the background is the composite's own (M·pred + (1 − M)·composite).
/// </summary>
public interface IHarmonizer
{
    /// <summary>The model's name, e.g. "hdnet-lite" or "reinhard".</summary>
    string Name { get; }

    /// <summary>Sizes must be multiples of this (8 for the networks, 1 for baselines).</summary>
    int SizeMultiple { get; }

    /// <summary>Harmonizes one composite. The inputs are not modified.</summary>
    Tensor Harmonize(Tensor composite, Tensor mask);
}
