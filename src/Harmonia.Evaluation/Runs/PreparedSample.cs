using Harmonia.Imaging;

namespace Harmonia.Evaluation.Runs;

/// <summary>A sample's three images at the working size: RGB composite, binary mask, RGB real image.</summary>
internal sealed record PreparedSample(Image Composite, Mask Mask, Image Real);
