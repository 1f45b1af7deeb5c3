using Harmonia.Imaging;

namespace Harmonia.Cli.Demo;

/// <summary>
/// Lays out the demo picture: three panels side by side, separated by white gutters: the composite,
/// the harmonized image, and the composite with the mask's outline drawn over it.
/// </summary>
public static class DemoSheet
{
    /// <summary>Width in pixels of the white gap between panels.</summary>
    public const int Gutter = 8;

    /// <summary>Colour of the outline's inner ring (on the foreground's edge pixels).</summary>
    public static readonly (byte R, byte G, byte B) OutlineInner = (255, 255, 255);

    /// <summary>Colour of the outline's outer ring (on the background pixels touching the foreground), so the
    /// outline shows on light and dark surroundings alike.</summary>
    public static readonly (byte R, byte G, byte B) OutlineOuter = (0, 0, 0);

    /// <summary>The sheet for RGB images of one size: width 3·W + 2·<see cref="Gutter"/>, height H.</summary>
    public static Image Compose(Image composite, Image harmonized, Mask mask)
    {
        if (composite.Channels != 3 || harmonized.Channels != 3)
            throw new ArgumentException("the demo panels must be RGB images");
        if (harmonized.Width != composite.Width || harmonized.Height != composite.Height
            || mask.Width != composite.Width || mask.Height != composite.Height)
            throw new ArgumentException("the demo panels must all have the same size");

        int width = composite.Width, height = composite.Height;
        var sheet = new Image(3 * width + 2 * Gutter, height, 3);
        Array.Fill(sheet.Pixels, (byte)255);
        Paste(sheet, composite, 0);
        Paste(sheet, harmonized, width + Gutter);
        Paste(sheet, WithOutline(composite, mask), 2 * (width + Gutter));
        return sheet;
    }

    /// <summary>A copy of <paramref name="image"/> with the border of <paramref name="mask"/> drawn as a two-pixel,
    /// two-colour line: <see cref="OutlineInner"/> inside the foreground, <see cref="OutlineOuter"/> just outside.</summary>
    public static Image WithOutline(Image image, Mask mask)
    {
        var result = new Image(image.Width, image.Height, 3, (byte[])image.Pixels.Clone());
        for (var y = 0; y < mask.Height; y++)
        {
            for (var x = 0; x < mask.Width; x++)
            {
                if (!TouchesOtherSide(mask, x, y))
                    continue;
                var color = mask.Values[y * mask.Width + x] == 1f ? OutlineInner : OutlineOuter;
                var offset = (y * image.Width + x) * 3;
                result.Pixels[offset] = color.R;
                result.Pixels[offset + 1] = color.G;
                result.Pixels[offset + 2] = color.B;
            }
        }
        return result;
    }

    // Whether a 4-neighbour of (x, y) lies on the other side of the mask's border.
    private static bool TouchesOtherSide(Mask mask, int x, int y)
    {
        var inside = mask.Values[y * mask.Width + x];
        return (x > 0 && mask.Values[y * mask.Width + x - 1] != inside)
               || (x < mask.Width - 1 && mask.Values[y * mask.Width + x + 1] != inside)
               || (y > 0 && mask.Values[(y - 1) * mask.Width + x] != inside)
               || (y < mask.Height - 1 && mask.Values[(y + 1) * mask.Width + x] != inside);
    }

    private static void Paste(Image sheet, Image panel, int left)
    {
        for (var y = 0; y < panel.Height; y++)
            Array.Copy(panel.Pixels, y * panel.Width * 3, sheet.Pixels, (y * sheet.Width + left) * 3, panel.Width * 3);
    }
}
