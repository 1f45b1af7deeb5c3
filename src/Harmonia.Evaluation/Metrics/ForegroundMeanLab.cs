using Harmonia.Imaging.Color;
using Harmonia.Imaging;

namespace Harmonia.Evaluation.Metrics;

/// <summary>The mean CIE Lab (D65) colour of an RGB image's foreground, weighted by the mask.</summary>
internal static class ForegroundMeanLab
{
    /// <summary>(L*, a*, b*) averaged over the mask's weights, or null when the mask is empty.</summary>
    public static (double L, double A, double B)? Measure(Image image, ForegroundMask mask)
    {
        double l = 0, a = 0, b = 0, weight = 0;
        ReadOnlySpan<float> weights = mask.Weights;
        byte[] pixels = image.Pixels;
        for (int p = 0; p < mask.Width * mask.Height; p++)
        {
            float w = weights[p];
            if (w == 0f) continue;
            var (pl, pa, pb) = CieLab.FromSrgb(pixels[3 * p] / 255f, pixels[3 * p + 1] / 255f, pixels[3 * p + 2] / 255f);
            l += w * pl;
            a += w * pa;
            b += w * pb;
            weight += w;
        }
        return weight == 0 ? null : (l / weight, a / weight, b / weight);
    }
}
