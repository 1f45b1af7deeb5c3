using Harmonia.Imaging;
using Harmonia.Imaging.Quality;

namespace Harmonia.Evaluation.Metrics;

/// <summary>Checks shared by every metric: the two images (and mask) must describe the same pixels.</summary>
internal static class ImagePairValidation
{
    /// <summary>Throws unless both images exist, have the same size and channel count, and are grey or RGB.</summary>
    public static void RequireComparable(Image prediction, Image target)
    {
        ImageErrorMetrics.RequireSameShape(prediction, target);
        // An alpha channel carries no colour, and counting it would change the ÷3 the papers use.
        if (prediction.Channels is not (1 or 3))
            throw new ArgumentException(
                $"Metrics take grey (1-channel) or RGB (3-channel) images, got {prediction.Channels} channels; drop alpha first.",
                nameof(prediction));
    }

    /// <summary>Throws unless the mask exists and covers exactly the image's pixels.</summary>
    public static void RequireMaskMatches(Image image, ForegroundMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Width != image.Width || mask.Height != image.Height)
            throw new ArgumentException(
                $"Mask is {mask.Width}x{mask.Height} but the images are {image.Width}x{image.Height}.", nameof(mask));
    }
}
