namespace Harmonia.Imaging.Tests;

/// <summary>Deterministic synthetic images for codec and resampling tests.</summary>
internal static class TestImages
{
    /// <summary>
    /// Smooth gradients with seeded noise mixed in: smooth parts make predictive filters
    /// matter, the noise makes every bit count.
    /// </summary>
    public static Image GradientWithNoise(int width, int height, int channels, int seed = 1)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * channels];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < channels; c++)
                {
                    int smooth = (x * 255 / Math.Max(1, width - 1) + y * 3 + c * 40) & 0xFF;
                    pixels[(y * width + x) * channels + c] = random.Next(4) == 0 ? (byte)random.Next(256) : (byte)smooth;
                }
        return new Image(width, height, channels, pixels);
    }

    /// <summary>The image's pixels as RGBA (grey replicated, missing alpha 255), for comparing across channel counts.</summary>
    public static byte[] ToRgba(Image image)
    {
        var rgba = new byte[image.Width * image.Height * 4];
        for (int i = 0, n = image.Width * image.Height; i < n; i++)
        {
            int s = i * image.Channels;
            switch (image.Channels)
            {
                case 1:
                    rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = image.Pixels[s];
                    rgba[4 * i + 3] = 255;
                    break;
                case 3:
                    rgba[4 * i] = image.Pixels[s]; rgba[4 * i + 1] = image.Pixels[s + 1]; rgba[4 * i + 2] = image.Pixels[s + 2];
                    rgba[4 * i + 3] = 255;
                    break;
                default:
                    Array.Copy(image.Pixels, s, rgba, 4 * i, 4);
                    break;
            }
        }
        return rgba;
    }
}
