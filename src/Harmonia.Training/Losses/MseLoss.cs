using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Training.Losses;

/// <summary>
/// Mean squared error over every element of the batch, like <c>torch.nn.MSELoss()</c>. The mask is ignored.
/// </summary>
public sealed class MseLoss : IImageLoss
{
    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target, Tensor mask)
    {
        LossInputs.RequireImagePair(prediction, target, nameof(MseLoss));
        return Mean(Pow(prediction - target, 2f));
    }
}
