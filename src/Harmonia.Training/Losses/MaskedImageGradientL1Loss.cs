using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Training.Losses;

/// <summary>
/// PHNet's gradient loss: the L1 distance between the image gradients of the masked prediction
/// <c>prediction·M</c> and of the masked target <c>target·M</c>, averaged over the horizontal and
/// the vertical direction.
/// </summary>
/// <remarks>
/// Gradients are one-pixel forward differences, I(x+1) − I(x), stored at the base pixel with the
/// last column (horizontal) or last row (vertical) set to zero, so each gradient map keeps the
/// image's shape. Each direction's L1 is a mean over all N·C·H·W positions, the zero row or column
/// included, as <c>torch.nn.L1Loss</c> on those full-size maps gives; the loss is
/// (L1<sub>x</sub> + L1<sub>y</sub>) / 2. Masking before differencing means the edge of the mask
/// itself is part of both gradient maps.
/// </remarks>
public sealed class MaskedImageGradientL1Loss : IImageLoss
{
    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target, Tensor mask)
    {
        LossInputs.RequireMaskedImagePair(prediction, target, mask, nameof(MaskedImageGradientL1Loss));
        // Differencing is linear, so grad(p·M) − grad(t·M) = grad((p − t)·M).
        var maskedError = (prediction - target) * mask.Detach();
        float positions = prediction.Numel;
        var horizontal = SumOfAbsoluteForwardDifferences(maskedError, dim: 3);
        var vertical = SumOfAbsoluteForwardDifferences(maskedError, dim: 2);
        return (horizontal + vertical) * (0.5f / positions);
    }

    /// <summary>Σ |x[i+1] − x[i]| along <paramref name="dim"/>; the zero-padded last entry adds nothing.</summary>
    private static Tensor SumOfAbsoluteForwardDifferences(Tensor x, int dim)
    {
        int size = x.Shape[dim];
        // A one-pixel-wide axis has an all-zero gradient map; keep the graph connected with 0·x.
        if (size < 2) return Sum(x) * 0f;
        var next = Narrow(x, dim, 1, size - 1);
        var current = Narrow(x, dim, 0, size - 1);
        return Sum(Abs(next - current));
    }
}
