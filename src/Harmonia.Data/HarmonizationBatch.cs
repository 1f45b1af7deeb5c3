using Harmonia.Tensors;

namespace Harmonia.Data;

/// <summary>
/// A batch for training or evaluation, all tensors in [0, 1]: composites [N, 3, H, W], the real
/// photos they were made from [N, 3, H, W], and binary foreground masks [N, 1, H, W].
/// <see cref="Names"/> identifies each sample (its composite file name).
/// </summary>
public sealed record HarmonizationBatch(Tensor Composite, Tensor Real, Tensor Mask, IReadOnlyList<string> Names)
{
    /// <summary>Samples in the batch.</summary>
    public int Count => Composite.Shape[0];
}
