using Harmonia.Tensors;

namespace Harmonia.Training.Losses;

/// <summary>
/// A training objective comparing a predicted image batch with its target, optionally using the
/// foreground mask of each composite.
/// </summary>
public interface IImageLoss
{
    /// <summary>
    /// The loss as a scalar tensor, differentiable with respect to <paramref name="prediction"/>.
    /// </summary>
    /// <param name="prediction">The model output, [N, C, H, W].</param>
    /// <param name="target">The ground truth, [N, C, H, W].</param>
    /// <param name="mask">The foreground mask, [N, 1, H, W], values in {0, 1}. Losses that do not use it ignore it.</param>
    Tensor Compute(Tensor prediction, Tensor target, Tensor mask);
}
