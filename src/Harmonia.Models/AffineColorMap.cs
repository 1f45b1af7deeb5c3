using Harmonia.Tensors.Threading;

namespace Harmonia.Models;

/// <summary>
/// One fitted 3×4 colour map, <c>out_k = map[k, 3] + Σ_j map[k, j]·rgb_j</c>, held in fields so that
/// applying it to a large picture is a tight loop over planes (in parallel chunks of pixels), not a
/// 2-D array lookup per channel and pixel.
/// </summary>
/// <remarks>
/// Each output value is computed in double in the order written above and then rounded and clamped,
/// exactly as a per-pixel loop over the array would, so the pictures are the same bit for bit.
/// </remarks>
internal readonly struct AffineColorMap
{
    private const int PixelsPerChunk = 16384;

    private readonly double r0, r1, r2, r3, g0, g1, g2, g3, b0, b1, b2, b3;

    /// <summary>Holds <paramref name="map"/> (3 rows of [red, green, blue, offset] weights).</summary>
    public AffineColorMap(double[,] map)
    {
        (r0, r1, r2, r3) = (map[0, 0], map[0, 1], map[0, 2], map[0, 3]);
        (g0, g1, g2, g3) = (map[1, 0], map[1, 1], map[1, 2], map[1, 3]);
        (b0, b1, b2, b3) = (map[2, 0], map[2, 1], map[2, 2], map[2, 3]);
    }

    /// <summary>
    /// Maps the [3, plane] picture <paramref name="source"/> into <paramref name="target"/> (same shape),
    /// each value clamped to [0, 1]. With a <paramref name="coverage"/> plane, each pixel is instead
    /// <c>w·mapped + (1 − w)·source</c> for its coverage w; empty means every pixel is mapped in full.
    /// </summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> target, ReadOnlySpan<float> coverage)
    {
        int plane = source.Length / 3;
        if (target.Length != source.Length || (!coverage.IsEmpty && coverage.Length != plane))
            throw new ArgumentException("The picture, its mapped copy and the coverage plane must have the same size.");
        unsafe
        {
            fixed (float* sourceBase = source)
            fixed (float* targetBase = target)
            fixed (float* coverageBase = coverage)
            {
                // Spans cannot enter the chunk lambda; the pinned pointers can, and the arrays stay pinned until it returns.
                var (s, t, w) = ((nint)sourceBase, (nint)targetBase, coverage.IsEmpty ? 0 : (nint)coverageBase);
                var map = this;
                ParallelRange.For(plane, PixelsPerChunk, (start, end) => map.ApplyRange((float*)s, (float*)t, (float*)w, plane, start, end));
            }
        }
    }

    private unsafe void ApplyRange(float* source, float* target, float* coverage, int plane, int start, int end)
    {
        float* red = source, green = source + plane, blue = source + 2 * plane;
        for (int p = start; p < end; p++)
        {
            double r = red[p], g = green[p], b = blue[p];
            float mappedRed = Clamp(r3 + r0 * r + r1 * g + r2 * b);
            float mappedGreen = Clamp(g3 + g0 * r + g1 * g + g2 * b);
            float mappedBlue = Clamp(b3 + b0 * r + b1 * g + b2 * b);
            if (coverage == null)
            {
                target[p] = mappedRed;
                target[plane + p] = mappedGreen;
                target[2 * plane + p] = mappedBlue;
                continue;
            }
            float w = coverage[p];
            target[p] = w * mappedRed + (1 - w) * red[p];
            target[plane + p] = w * mappedGreen + (1 - w) * green[p];
            target[2 * plane + p] = w * mappedBlue + (1 - w) * blue[p];
        }
    }

    private static float Clamp(double value) => Math.Clamp((float)value, 0f, 1f);
}
