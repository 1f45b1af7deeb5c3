using Harmonia.Imaging;

namespace Harmonia.Evaluation.Tests;

/// <summary>Builds small test images from per-pixel formulas.</summary>
internal static class SyntheticImages
{
    /// <summary>An image whose byte at (x, y, c) is <paramref name="value"/>(x, y, c).</summary>
    public static Image FromFunction(int width, int height, int channels, Func<int, int, int, int> value)
    {
        var pixels = new byte[width * height * channels];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < channels; c++)
                {
                    int v = value(x, y, c);
                    if (v is < 0 or > 255) throw new ArgumentOutOfRangeException(nameof(value), $"Test pixel value {v} is outside 0..255.");
                    pixels[(y * width + x) * channels + c] = (byte)v;
                }
        return new Image(width, height, channels, pixels);
    }

    /// <summary>Seeded uniform noise in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public static Image Noise(int width, int height, int channels, int seed, int low = 0, int high = 255)
    {
        var random = new Random(seed);
        return FromFunction(width, height, channels, (_, _, _) => random.Next(low, high + 1));
    }

    /// <summary>A copy of <paramref name="image"/> with <paramref name="delta"/> added to every byte (must stay in range).</summary>
    public static Image Offset(Image image, int delta) =>
        FromFunction(image.Width, image.Height, image.Channels, (x, y, c) => image.Pixels[(y * image.Width + x) * image.Channels + c] + delta);
}
