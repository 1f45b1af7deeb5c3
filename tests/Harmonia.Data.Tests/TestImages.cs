using Harmonia.Imaging;
using Harmonia.Tensors.Random;

namespace Harmonia.Data.Tests;

/// <summary>Small synthetic images and masks for tests.</summary>
internal static class TestImages
{
    /// <summary>An RGB image of smooth gradients plus seeded noise, so resizing and colour ops have something to act on.</summary>
    public static Image Photo(int width, int height, ulong seed)
    {
        var random = new RandomGenerator(seed);
        var pixels = new byte[width * height * 3];
        int baseR = random.NextInt(128), baseG = random.NextInt(128), baseB = random.NextInt(128);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = (y * width + x) * 3;
                pixels[i] = (byte)Math.Clamp(baseR + x * 96 / width + random.NextInt(32), 0, 255);
                pixels[i + 1] = (byte)Math.Clamp(baseG + y * 96 / height + random.NextInt(32), 0, 255);
                pixels[i + 2] = (byte)Math.Clamp(baseB + (x + y) * 48 / (width + height) + random.NextInt(32), 0, 255);
            }
        return new Image(width, height, 3, pixels);
    }

    /// <summary>A grey mask, 255 inside the rectangle [x0, x1) × [y0, y1), 0 elsewhere.</summary>
    public static Image RectangleMask(int width, int height, int x0, int y0, int x1, int y1)
    {
        var pixels = new byte[width * height];
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
                pixels[y * width + x] = 255;
        return new Image(width, height, 1, pixels);
    }

    /// <summary>An image whose every pixel is (r, g, b).</summary>
    public static Image Solid(int width, int height, byte r, byte g, byte b)
    {
        var pixels = new byte[width * height * 3];
        for (int i = 0; i < pixels.Length; i += 3) { pixels[i] = r; pixels[i + 1] = g; pixels[i + 2] = b; }
        return new Image(width, height, 3, pixels);
    }

    /// <summary>
    /// Asserts that <paramref name="composite"/> equals <paramref name="photo"/> outside
    /// <paramref name="mask"/> and returns how many foreground pixels differ.
    /// </summary>
    public static int ForegroundPixelsChanged(Image photo, Image composite, Mask mask)
    {
        int changed = 0;
        for (int p = 0; p < mask.Values.Length; p++)
        {
            bool same = photo.Pixels.AsSpan(3 * p, 3).SequenceEqual(composite.Pixels.AsSpan(3 * p, 3));
            if (mask.Values[p] == 0f) Assert.True(same, $"background pixel {p} changed");
            else if (!same) changed++;
        }
        return changed;
    }
}
