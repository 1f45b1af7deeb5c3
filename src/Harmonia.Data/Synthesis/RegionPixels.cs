using Harmonia.Imaging.Color;
using Harmonia.Imaging;

namespace Harmonia.Data.Synthesis;

/// <summary>The pixel indices of a region and their Lab values, shared by statistics and transfer.</summary>
internal static class RegionPixels
{
    /// <summary>Indices (y·width + x) of the region's pixels in raster order; every pixel when the region is null.</summary>
    public static List<int> Select(Image image, Mask? region)
    {
        int count = image.Width * image.Height;
        var pixels = new List<int>(region?.ForegroundPixelCount ?? count);
        for (int p = 0; p < count; p++)
            if (region is null || region.Values[p] != 0f) pixels.Add(p);
        return pixels;
    }

    /// <summary>Interleaved L, a, b of the listed pixels.</summary>
    public static float[] ToLab(Image image, List<int> pixels)
    {
        var lab = new float[3 * pixels.Count];
        for (int i = 0; i < pixels.Count; i++)
        {
            int p = pixels[i];
            var (l, a, b) = CieLab.FromSrgb(image.Pixels[3 * p] / 255f, image.Pixels[3 * p + 1] / 255f, image.Pixels[3 * p + 2] / 255f);
            lab[3 * i] = l; lab[3 * i + 1] = a; lab[3 * i + 2] = b;
        }
        return lab;
    }
}
