using Harmonia.Imaging;

namespace Harmonia.Data.Loading;

/// <summary>Cropping and mirroring for augmentation.</summary>
internal static class ImageGeometry
{
    /// <summary>The <paramref name="width"/> × <paramref name="height"/> window of <paramref name="image"/> at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static Image Crop(Image image, int x, int y, int width, int height)
    {
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > image.Width || y + height > image.Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"Crop {width}x{height} at ({x}, {y}) does not fit in {image.Width}x{image.Height}.");
        int channels = image.Channels;
        var pixels = new byte[width * height * channels];
        for (int row = 0; row < height; row++)
            Array.Copy(image.Pixels, ((y + row) * image.Width + x) * channels, pixels, row * width * channels, width * channels);
        return new Image(width, height, channels, pixels);
    }

    /// <summary>Mirrors planar data (<paramref name="planes"/> planes of <paramref name="height"/> rows of <paramref name="width"/>) left-right in place.</summary>
    public static void FlipPlanesHorizontally(float[] data, int planes, int height, int width)
    {
        for (int row = 0; row < planes * height; row++)
            data.AsSpan(row * width, width).Reverse();
    }
}
