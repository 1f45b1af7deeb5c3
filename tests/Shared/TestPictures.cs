using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Testing;

/// <summary>
/// A small composite (a cold, bright rectangle pasted on a warm gradient) and its mask, made in code and
/// written to disk; one file linked into the library's and the command line's test projects.
/// </summary>
internal static class TestPictures
{
    /// <summary>The foreground rectangle of <see cref="Composite"/>: x in [Left, Right), y in [Top, Bottom), as fractions of the size.</summary>
    public static bool InForeground(int x, int y, int width, int height) =>
        x >= width / 4 && x < width * 3 / 4 && y >= height / 4 && y < height * 3 / 4;

    /// <summary>A warm gradient background with a cold, bright rectangle pasted in the middle.</summary>
    public static Image Composite(int width, int height)
    {
        var image = new Image(width, height, 3);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var offset = (y * width + x) * 3;
                if (InForeground(x, y, width, height))
                {
                    image.Pixels[offset] = (byte)(40 + x % 16);
                    image.Pixels[offset + 1] = (byte)(190 + y % 16);
                    image.Pixels[offset + 2] = 250;
                }
                else
                {
                    image.Pixels[offset] = (byte)(150 + 100 * x / width);
                    image.Pixels[offset + 1] = (byte)(60 + 80 * y / height);
                    image.Pixels[offset + 2] = 40;
                }
            }
        }
        return image;
    }

    /// <summary>The mask of <see cref="Composite"/>: white over the rectangle.</summary>
    public static Image Mask(int width, int height)
    {
        var image = new Image(width, height, 1);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                image.Pixels[y * width + x] = InForeground(x, y, width, height) ? (byte)255 : (byte)0;
        return image;
    }

    /// <summary>Writes a composite (format from the extension) and a PNG mask; returns their paths.</summary>
    public static (string Composite, string Mask) WritePair(string compositePath, string maskPath, int width, int height)
    {
        ImageFile.Save(compositePath, Composite(width, height));
        ImageFile.Save(maskPath, Mask(width, height));
        return (compositePath, maskPath);
    }

    /// <summary>Writes the pair as composite.png and mask.png in <paramref name="folder"/>; returns their paths.</summary>
    public static (string Composite, string Mask) WritePairIn(string folder, int width = 48, int height = 40)
        => WritePair(Path.Combine(folder, "composite.png"), Path.Combine(folder, "mask.png"), width, height);
}
