namespace Harmonia.Data.Loading;

/// <summary>
/// Optional training augmentation, applied identically to composite, real photo and mask.
/// Neither paper's reported training uses it, so loaders leave it off unless given one.
/// (PHNet's code base can flip horizontally with probability 0.3.)
/// </summary>
public sealed record AugmentationOptions
{
    /// <summary>
    /// Smallest side fraction of a random crop, in (0, 1]: each sample is cropped to a random
    /// window whose sides are s·width and s·height for s uniform in [this, 1], at a random
    /// position, before resizing. 1 means no cropping.
    /// </summary>
    public double MinCropScale { get; init; } = 1.0;

    /// <summary>Probability in [0, 1] of flipping a sample left-right.</summary>
    public double HorizontalFlipProbability { get; init; }

    internal void Validate()
    {
        if (!(MinCropScale > 0 && MinCropScale <= 1))
            throw new ArgumentOutOfRangeException(nameof(MinCropScale), MinCropScale, "The smallest crop scale must be in (0, 1].");
        if (!(HorizontalFlipProbability >= 0 && HorizontalFlipProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(HorizontalFlipProbability), HorizontalFlipProbability, "The flip probability must be in [0, 1].");
    }
}
