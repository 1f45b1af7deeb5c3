using Harmonia.Imaging;
using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Models;

/// <summary>
/// Harmonization with a soft (feathered) mask, blended as compositing tools blend a feathered layer:
/// every pixel moves by its coverage × the change the object gets, so a pixel at 20% coverage gets a
/// fifth of the object's change, not the nothing a mask cut at 0.5 would give it.
/// </summary>
/// <remarks>
/// The network still sees the mask binarized at 0.5 (it was trained on binary masks, and widening its
/// foreground to every faint pixel would mix background into the object's statistics). What "the change
/// the object gets" means outside that foreground depends on the output:
/// <list type="bullet">
/// <item>Colour map: the fitted 3×4 map is a colour adjustment of the object, defined for any colour;
/// it is applied to every pixel at full resolution, and the result blended by the coverage.</item>
/// <item>Dense (and the baselines): the model's change is only meaningful on its foreground, since
/// it leaves the background as it is; each pixel outside takes the change of the nearest foreground
/// pixel (8-connected steps), which is the object's own change next to it, and that is blended by the
/// coverage.</item>
/// </list>
/// Binary masks never come here; they keep the networks' own path.
/// </remarks>
internal static class SoftMaskBlend
{
    /// <summary>
    /// The harmonized full-resolution composite [1, 3, H, W]: <paramref name="harmonizer"/> runs on
    /// <paramref name="input"/> (the composite at the working size, or <paramref name="full"/> itself) with the
    /// binarized <paramref name="inputMask"/>, and its change is blended in with <paramref name="coverage"/>.
    /// </summary>
    public static Tensor Harmonize(IHarmonizer harmonizer, Tensor full, MaskCoverage coverage, Tensor input, Tensor inputMask)
    {
        int height = full.Shape[2], width = full.Shape[3];
        var alpha = Tensor.FromArray((float[])coverage.Values.Clone(), 1, 1, height, width);
        Tensor moved;
        if (harmonizer is ColorMapHarmonizer colorMap)
        {
            var harmonized = colorMap.Inner.Harmonize(input, inputMask);
            moved = ColorMapHarmonizer.MapEveryPixel(input, harmonized, inputMask, full, colorMap.MinimumChange, colorMap.ColorGuard);
        }
        else
        {
            var change = NearestForegroundChange(harmonizer.Harmonize(input, inputMask) - input, inputMask);
            if (change.Shape[2] != height || change.Shape[3] != width)
                change = PlaneResizer.Resize(change, height, width, ResamplingFilter.Bilinear);
            moved = full + change;
        }
        return Clamp(full + (moved - full) * alpha, 0f, 1f);
    }

    /// <summary>
    /// <paramref name="change"/> [1, 3, h, w] with every pixel outside <paramref name="mask"/> [1, 1, h, w]
    /// given the change of its nearest foreground pixel, found by a breadth-first search from the whole
    /// foreground at once (8-connected, so O(h·w)). An empty mask leaves no change anywhere.
    /// </summary>
    internal static Tensor NearestForegroundChange(Tensor change, Tensor mask)
    {
        int height = mask.Shape[2], width = mask.Shape[3], plane = height * width;
        var nearest = new int[plane];
        var queue = new int[plane];
        int head = 0, tail = 0;
        for (int p = 0; p < plane; p++)
        {
            nearest[p] = mask.Data[p] > 0.5f ? p : -1;
            if (nearest[p] >= 0) queue[tail++] = p;
        }
        if (tail == 0)
            return Tensor.FromArray(new float[change.Numel], change.Shape);
        while (head < tail)
        {
            int p = queue[head++], y = p / width, x = p % width;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                {
                    int ny = y + dy, nx = x + dx;
                    if (ny < 0 || ny >= height || nx < 0 || nx >= width) continue;
                    int q = ny * width + nx;
                    if (nearest[q] >= 0) continue;
                    nearest[q] = nearest[p];
                    queue[tail++] = q;
                }
        }
        var extended = new float[change.Numel];
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < plane; p++)
                extended[c * plane + p] = change.Data[c * plane + nearest[p]];
        return Tensor.FromArray(extended, change.Shape);
    }
}
