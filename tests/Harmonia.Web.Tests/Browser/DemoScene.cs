using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Web.Tests.Browser;

/// <summary>
/// A small picture for the browser tests and the documentation screenshot: sky over a field,
/// with a disc pasted in under a strong red cast that harmonization should visibly correct.
/// </summary>
internal static class DemoScene
{
    public const int Width = 240, Height = 180;
    public const int DiscCentreX = 150, DiscCentreY = 100, DiscRadius = 40;

    public static bool InDisc(int x, int y)
        => (x - DiscCentreX) * (x - DiscCentreX) + (y - DiscCentreY) * (y - DiscCentreY) <= DiscRadius * DiscRadius;

    public static Image Composite()
    {
        var pixels = new byte[Width * Height * 3];
        for (int y = 0; y < Height; y++)
        for (int x = 0; x < Width; x++)
        {
            (int r, int g, int b) = y < Height * 3 / 5
                ? (90 + y / 2, 150 + y / 3, 235 - y / 4)                  // sky, lighter towards the horizon
                : (60 + x / 8, 130 + (x + y) % 24, 50 + y / 10);          // field, with a little texture
            if (InDisc(x, y))
            {
                int shade = (x - DiscCentreX + y - DiscCentreY) / 2;       // lit from the top left
                (r, g, b) = (230 - shade, 70 - shade / 2, 60 - shade / 2);
            }
            int i = (y * Width + x) * 3;
            pixels[i] = (byte)Math.Clamp(r, 0, 255);
            pixels[i + 1] = (byte)Math.Clamp(g, 0, 255);
            pixels[i + 2] = (byte)Math.Clamp(b, 0, 255);
        }
        return new Image(Width, Height, 3, pixels);
    }

    public static Image Mask()
    {
        var pixels = new byte[Width * Height];
        for (int y = 0; y < Height; y++)
        for (int x = 0; x < Width; x++)
            pixels[y * Width + x] = InDisc(x, y) ? (byte)255 : (byte)0;
        return new Image(Width, Height, 1, pixels);
    }

    public static byte[] CompositePng() => ImageFile.Encode(Composite(), ImageFileFormat.Png);
    public static byte[] MaskPng() => ImageFile.Encode(Mask(), ImageFileFormat.Png);
}
