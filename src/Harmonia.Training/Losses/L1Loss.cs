using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Training.Losses;

/// <summary>
/// Mean absolute error over every element of the batch, like <c>torch.nn.L1Loss()</c>. The mask is
/// ignored. Where prediction equals target the gradient is 0, as in PyTorch.
/// </summary>
public sealed class L1Loss : IImageLoss
{
    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target, Tensor mask)
    {
        LossInputs.RequireImagePair(prediction, target, nameof(L1Loss));
        return Mean(Abs(prediction - target));
    }
}
