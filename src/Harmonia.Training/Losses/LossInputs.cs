using Harmonia.Tensors;

namespace Harmonia.Training.Losses;

/// <summary>Shape checks shared by the losses, so a mismatch fails with a message naming both shapes.</summary>
internal static class LossInputs
{
    /// <summary>Prediction and target must be [N, C, H, W] of one shape.</summary>
    public static void RequireImagePair(Tensor prediction, Tensor target, string lossName)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (prediction.Rank != 4)
            throw new ArgumentException($"{lossName}: the prediction must be [N, C, H, W], got {ShapeMath.Format(prediction.Shape)}.", nameof(prediction));
        if (!prediction.Shape.SequenceEqual(target.Shape))
            throw new ArgumentException($"{lossName}: the target has shape {ShapeMath.Format(target.Shape)}, the prediction {ShapeMath.Format(prediction.Shape)}.", nameof(target));
        if (prediction.Numel == 0)
            throw new ArgumentException($"{lossName}: the batch {ShapeMath.Format(prediction.Shape)} is empty.", nameof(prediction));
    }

    /// <summary>As <see cref="RequireImagePair"/>, plus a mask of shape [N, 1, H, W].</summary>
    public static void RequireMaskedImagePair(Tensor prediction, Tensor target, Tensor mask, string lossName)
    {
        RequireImagePair(prediction, target, lossName);
        ArgumentNullException.ThrowIfNull(mask);
        var p = prediction.Shape;
        int[] expected = [p[0], 1, p[2], p[3]];
        if (!mask.Shape.SequenceEqual(expected))
            throw new ArgumentException($"{lossName}: the mask must be {ShapeMath.Format(expected)} for a prediction of {ShapeMath.Format(p)}, got {ShapeMath.Format(mask.Shape)}.", nameof(mask));
    }
}
