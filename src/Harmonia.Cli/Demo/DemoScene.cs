using Harmonia.Imaging;

namespace Harmonia.Cli.Demo;

/// <summary>
/// The example composite of <c>harmonia demo</c>, drawn procedurally so that no photo has to ship with
/// the project: a warm sunset (sky gradient, sun with glow, soft clouds, dark hills) with a vase pasted
/// on it whose cold blue colour cast and brightness clearly do not belong to the scene. The drawing is a
/// pure function of the pixel position, so every run produces the same bytes.
/// </summary>
public static class DemoScene
{
    /// <summary>The side length of the square scene, in pixels.</summary>
    public const int Size = 256;

    private const double SunX = 190, SunY = 150, SunRadius = 20;

    // The pasted vase: a body ellipse, a neck and a lip, standing on the hills.
    private const double BodyX = 88, BodyY = 168, BodyRadiusX = 38, BodyRadiusY = 50;
    private const double NeckLeft = 76, NeckRight = 100, NeckTop = 96, LipRadiusX = 17, LipRadiusY = 6;

    /// <summary>Draws the composite (RGB) and its foreground mask (the vase).</summary>
    public static (Image Composite, Mask Mask) Create()
    {
        var pixels = new byte[Size * Size * 3];
        var mask = new float[Size * Size];
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                var inVase = IsVase(x + 0.5, y + 0.5);
                var (r, g, b) = inVase ? Vase(x + 0.5, y + 0.5) : Background(x + 0.5, y + 0.5);
                var offset = (y * Size + x) * 3;
                pixels[offset] = ToByte(r);
                pixels[offset + 1] = ToByte(g);
                pixels[offset + 2] = ToByte(b);
                mask[y * Size + x] = inVase ? 1f : 0f;
            }
        }
        return (new Image(Size, Size, 3, pixels), new Mask(Size, Size, mask));
    }

    private static bool IsVase(double x, double y)
    {
        var body = Square((x - BodyX) / BodyRadiusX) + Square((y - BodyY) / BodyRadiusY) <= 1;
        var neck = x >= NeckLeft && x <= NeckRight && y >= NeckTop && y <= BodyY - BodyRadiusY + 12;
        var lip = Square((x - (NeckLeft + NeckRight) / 2) / LipRadiusX) + Square((y - NeckTop) / LipRadiusY) <= 1;
        return body || neck || lip;
    }

    // Cold, bright glaze lit from the right, with painted bands so the harmonized result keeps visible texture.
    private static (double R, double G, double B) Vase(double x, double y)
    {
        var across = Math.Clamp((x - BodyX) / BodyRadiusX, -1, 1);
        var shade = 0.8 + 0.2 * across;
        var band = ((int)(y / 9) % 2 == 0) ? 1.0 : 0.86;
        var highlight = 120 * Math.Exp(-(Square(x - (BodyX + 14)) + Square(y - (BodyY - 18))) / (2 * 7.0 * 7.0));
        return (150 * shade * band + highlight, 215 * shade * band + highlight, 250 * shade * band + highlight);
    }

    private static (double R, double G, double B) Background(double x, double y)
    {
        var horizon = 182 + 8 * Math.Sin(x * 0.045 + 0.5) + 5 * Math.Sin(x * 0.11 + 1.3);
        var sky = Sky(x, y);
        var ground = Ground(y, horizon);
        // One pixel of anti-aliasing along the hill line.
        var groundWeight = Math.Clamp(y - horizon + 0.5, 0, 1);
        return Mix(sky, ground, groundWeight);
    }

    private static (double R, double G, double B) Sky(double x, double y)
    {
        var t = y / Size;
        (double R, double G, double B) color = t switch
        {
            < 0.40 => Mix((36, 26, 82), (160, 64, 112), t / 0.40),
            < 0.60 => Mix((160, 64, 112), (238, 122, 68), (t - 0.40) / 0.20),
            _ => Mix((238, 122, 68), (252, 196, 118), Math.Min(1, (t - 0.60) / 0.12)),
        };
        color = AddCloud(color, x, y, 62, 58, 52, 9);
        color = AddCloud(color, x, y, 158, 92, 64, 7);
        color = AddCloud(color, x, y, 222, 40, 38, 6);

        var sunDistance = Math.Sqrt(Square(x - SunX) + Square(y - SunY));
        var glow = 0.45 * Math.Exp(-Square(sunDistance) / (2 * 40.0 * 40.0));
        color = Mix(color, (255, 226, 160), glow);
        var disc = Math.Clamp(SunRadius - sunDistance + 0.5, 0, 1);
        return Mix(color, (255, 240, 200), disc);
    }

    private static (double R, double G, double B) AddCloud((double R, double G, double B) color, double x, double y,
        double centerX, double centerY, double radiusX, double radiusY)
    {
        var weight = 0.55 * Math.Exp(-2 * (Square((x - centerX) / radiusX) + Square((y - centerY) / radiusY)));
        return Mix(color, (250, 152, 132), weight);
    }

    private static (double R, double G, double B) Ground(double y, double horizon)
    {
        var depth = Math.Clamp((y - horizon) / (Size - horizon), 0, 1);
        return Mix((92, 46, 50), (30, 18, 28), depth);
    }

    private static (double R, double G, double B) Mix((double R, double G, double B) a, (double R, double G, double B) b, double t) =>
        (a.R + (b.R - a.R) * t, a.G + (b.G - a.G) * t, a.B + (b.B - a.B) * t);

    private static double Square(double value) => value * value;

    private static byte ToByte(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
}
