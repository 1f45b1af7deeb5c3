using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Web.Tests;

/// <summary>Small generated composites and masks, encoded as the files a client would upload.</summary>
internal static class TestImages
{
    /// <summary>
    /// A composite with a smooth blue-green background and a reddish, darker rectangle pasted in
    /// the middle, so a harmonizer has a clear colour difference to correct.
    /// </summary>
    public static Image Composite(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            int i = (y * width + x) * 3;
            bool inside = IsForeground(x, y, width, height);
            pixels[i] = (byte)(inside ? 170 + x % 40 : 40 + 100 * x / width);
            pixels[i + 1] = (byte)(inside ? 60 + y % 30 : 120 + 80 * y / height);
            pixels[i + 2] = (byte)(inside ? 50 : 180 - 60 * x / width);
        }
        return new Image(width, height, 3, pixels);
    }

    /// <summary>The mask of <see cref="Composite"/>: white over the pasted rectangle.</summary>
    public static Image Mask(int width, int height)
    {
        var pixels = new byte[width * height];
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            pixels[y * width + x] = IsForeground(x, y, width, height) ? (byte)255 : (byte)0;
        return new Image(width, height, 1, pixels);
    }

    /// <summary>True inside the pasted rectangle: the middle half of each side.</summary>
    public static bool IsForeground(int x, int y, int width, int height)
        => x >= width / 4 && x < width * 3 / 4 && y >= height / 4 && y < height * 3 / 4;

    public static byte[] CompositePng(int width, int height) => ImageFile.Encode(Composite(width, height), ImageFileFormat.Png);
    public static byte[] MaskPng(int width, int height) => ImageFile.Encode(Mask(width, height), ImageFileFormat.Png);
}
