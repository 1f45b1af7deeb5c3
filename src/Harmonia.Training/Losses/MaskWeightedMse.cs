using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Training.Losses;

/// <summary>
/// Foreground-normalized MSE (HDNet's <c>MaskWeightedMSE</c>, PHNet's <c>FnMSE</c>): for each sample,
/// the squared error summed over the whole image divided by C · max(Σ mask, <see cref="MinArea"/>),
/// then the mean over the batch.
/// </summary>
/// <remarks>
/// Dividing by the foreground area instead of the image area keeps small pasted objects from being
/// drowned out by the (unchanged) background; the floor stops tiny masks from exploding the loss.
/// <para>
/// The squared error is summed over the <em>whole</em> image, so the loss is only "foreground"
/// when the prediction equals the target outside the mask. HDNet gets that by passing the
/// <b>blended</b> output <c>M·prediction + (1 − M)·composite</c> (the composite's background is the
/// real background): the trainer must do that blending before calling this loss. PHNet instead
/// passes its raw (unblended) output, so there the background error counts too.
/// </para>
/// </remarks>
public sealed class MaskWeightedMse : IImageLoss
{
    /// <summary>Creates the loss with a floor on the foreground area, in pixels.</summary>
    /// <param name="minArea">The smallest area divided by; both reference implementations use 100.</param>
    public MaskWeightedMse(float minArea = 100f)
    {
        if (!(minArea > 0f) || float.IsInfinity(minArea))
            throw new ArgumentOutOfRangeException(nameof(minArea), minArea, "The minimum foreground area must be a positive finite number of pixels.");
        MinArea = minArea;
    }

    /// <summary>The floor on the mask area (in pixels) used in the denominator.</summary>
    public float MinArea { get; }

    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target, Tensor mask)
    {
        LossInputs.RequireMaskedImagePair(prediction, target, mask, nameof(MaskWeightedMse));
        int channels = prediction.Shape[1];
        int[] perSample = [1, 2, 3];
        var squaredErrorSum = Sum(Pow(prediction - target, 2f), perSample);
        var area = Clamp(Sum(mask.Detach(), perSample), min: MinArea);
        return Mean(squaredErrorSum / (area * channels));
    }
}
