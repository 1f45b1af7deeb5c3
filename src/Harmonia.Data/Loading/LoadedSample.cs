using Harmonia.Data.Datasets;
using Harmonia.Tensors;

namespace Harmonia.Data.Loading;

/// <summary>
/// One sample read for evaluation or inference, tensors in [0, 1]: composite [1, 3, H, W],
/// real photo [1, 3, H, W] (null when the dataset has none) and binary mask [1, 1, H, W].
/// </summary>
/// <param name="Sample">The files it was read from.</param>
/// <param name="Composite">The composite.</param>
/// <param name="Real">The ground truth, or null.</param>
/// <param name="Mask">The foreground mask (0 or 1).</param>
/// <param name="OriginalWidth">The composite file's width before any resizing.</param>
/// <param name="OriginalHeight">The composite file's height before any resizing.</param>
public sealed record LoadedSample(HarmonizationSample Sample, Tensor Composite, Tensor? Real, Tensor Mask, int OriginalWidth, int OriginalHeight)
{
    /// <summary>Width of the tensors.</summary>
    public int Width => Composite.Shape[3];
    /// <summary>Height of the tensors.</summary>
    public int Height => Composite.Shape[2];
}
