using Harmonia.Data.Datasets;

namespace Harmonia.Data.Loading;

/// <summary>
/// A sample's pixels ready for a model, planar and in [0, 1]: composite and real photo as three
/// planes of Height × Width, the mask as one plane of 0s and 1s.
/// </summary>
internal sealed record DecodedSample(
    HarmonizationSample Sample, float[] Composite, float[]? Real, float[] Mask,
    int Width, int Height, int OriginalWidth, int OriginalHeight);
