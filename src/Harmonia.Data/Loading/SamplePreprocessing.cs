using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Data.Loading;

/// <summary>
/// How a sample's files become tensors, shared by training batches and evaluation reads.
/// The defaults follow HDNet's and PHNet's loaders: images resized with Pillow's bilinear
/// filter (torchvision's <c>resize</c> default, which both use), masks binarized then resized
/// with nearest neighbour, composites taken as stored.
/// </summary>
public sealed record SamplePreprocessing
{
    /// <summary>Filter for the composite and the real photo. Bilinear, as <c>torchvision.transforms.functional.resize</c> defaults to.</summary>
    public ResamplingFilter ImageFilter { get; init; } = ResamplingFilter.Bilinear;

    /// <summary>How the mask is resized and binarized.</summary>
    public MaskResampling MaskResampling { get; init; } = MaskResampling.BinarizeThenNearest;

    /// <summary>
    /// When true the composite's background is replaced by the real photo's after resizing
    /// (<c>composite·mask + real·(1−mask)</c>), as HDNet's loader does, so background pixels
    /// agree exactly even if the files were compressed separately. Needs a real photo.
    /// </summary>
    public bool ComposeBackgroundFromReal { get; init; }

    /// <summary>What to do when a mask's size differs from its composite's (an error by default).</summary>
    public MaskSizeMismatch MaskSizeMismatch { get; init; } = MaskSizeMismatch.Error;

    /// <summary>Decoding limits for every image read (<see cref="DecodeLimits.Default"/> when null).</summary>
    public DecodeLimits? Limits { get; init; }
}
