using Harmonia.Tensors;
using Harmonia.Tensors.Threading;

namespace Harmonia.Imaging;

/// <summary>
/// Resizes planar float data (CHW, or any stack of H×W planes) with the same filters and
/// geometry as <see cref="ImageResizer"/>, in floating point as Pillow's mode "F" does:
/// double-precision weighted sums, no rounding or clamping, so values outside [0, 1]
/// (such as predicted colour changes) pass through unchanged in kind.
/// </summary>
public static class PlaneResizer
{
    /// <summary>
    /// Resizes <paramref name="planes"/> (<paramref name="planeCount"/> planes of
    /// <paramref name="height"/> × <paramref name="width"/>, row-major, one after another) to
    /// <paramref name="newHeight"/> × <paramref name="newWidth"/>.
    /// </summary>
    /// <param name="planes">The source planes.</param>
    /// <param name="planeCount">How many planes <paramref name="planes"/> holds.</param>
    /// <param name="height">Source height.</param>
    /// <param name="width">Source width.</param>
    /// <param name="newHeight">Height of the result.</param>
    /// <param name="newWidth">Width of the result.</param>
    /// <param name="filter">Resampling filter.</param>
    /// <param name="antialias">Stretch the filter when shrinking (Pillow's behaviour). False gives
    /// plain interpolation from the nearest source pixels; for <see cref="ResamplingFilter.Bilinear"/>
    /// that equals PyTorch's <c>interpolate(mode="bilinear", align_corners=False)</c>.</param>
    public static float[] Resize(ReadOnlySpan<float> planes, int planeCount, int height, int width,
        int newHeight, int newWidth, ResamplingFilter filter, bool antialias = true)
    {
        if (planeCount <= 0 || height <= 0 || width <= 0)
            throw new ArgumentOutOfRangeException(nameof(planeCount), $"Input must have positive sizes, got {planeCount} planes of {height}x{width}.");
        if (newHeight <= 0 || newWidth <= 0)
            throw new ArgumentOutOfRangeException(nameof(newHeight), $"Target size must be positive, got {newHeight}x{newWidth}.");
        if (planes.Length != (long)planeCount * height * width)
            throw new ArgumentException($"Expected {(long)planeCount * height * width} values for {planeCount}x{height}x{width}, got {planes.Length}.", nameof(planes));

        if ((long)planeCount * newHeight * newWidth > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(newHeight), $"Target size {planeCount}x{newHeight}x{newWidth} is too large for one buffer.");

        float[] input = planes.ToArray();
        if (filter == ResamplingFilter.Nearest)
            return ResizeNearest(input, planeCount, height, width, newHeight, newWidth);

        float[] current = input;
        if (SeparablePassOrder.RowsFirst(width, height, newWidth, newHeight))
        {
            if (newWidth != width)
                current = ResizeRows(current, planeCount * height, width, newWidth, ResampleWeights.Compute(width, newWidth, filter, antialias));
            if (newHeight != height)
                current = ResizeColumns(current, planeCount, height, newWidth, newHeight, ResampleWeights.Compute(height, newHeight, filter, antialias));
        }
        else
        {
            if (newHeight != height)
                current = ResizeColumns(current, planeCount, height, width, newHeight, ResampleWeights.Compute(height, newHeight, filter, antialias));
            if (newWidth != width)
                current = ResizeRows(current, planeCount * newHeight, width, newWidth, ResampleWeights.Compute(width, newWidth, filter, antialias));
        }
        return current;
    }

    /// <summary>
    /// Resizes the last two dimensions of <paramref name="input"/> (shape [..., H, W], e.g.
    /// [N, C, H, W]); the result is a new tensor outside autograd (a data-preparation step).
    /// </summary>
    public static Tensor Resize(Tensor input, int newHeight, int newWidth, ResamplingFilter filter, bool antialias = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank < 2)
            throw new ArgumentException($"Resize needs at least 2 dimensions [..., H, W], got rank {input.Rank}.", nameof(input));
        int height = input.Shape[^2], width = input.Shape[^1];
        int planeCount = input.Numel / (height * width);
        float[] data = Resize(input.Data, planeCount, height, width, newHeight, newWidth, filter, antialias);
        int[] shape = input.Shape.ToArray();
        shape[^2] = newHeight;
        shape[^1] = newWidth;
        return Tensor.FromArray(data, shape);
    }

    private static float[] ResizeNearest(float[] input, int planeCount, int height, int width, int newHeight, int newWidth)
    {
        int[] sourceX = NearestNeighbourIndices.Compute(width, newWidth);
        int[] sourceY = NearestNeighbourIndices.Compute(height, newHeight);
        var output = new float[(long)planeCount * newHeight * newWidth];
        int rows = planeCount * newHeight;
        ParallelRange.For(rows, ParallelRange.ChunkSize(rows, 16), (start, end) =>
        {
            for (int row = start; row < end; row++)
            {
                int plane = row / newHeight, y = row % newHeight;
                int sourceRow = (plane * height + sourceY[y]) * width;
                for (int x = 0; x < newWidth; x++)
                    output[row * newWidth + x] = input[sourceRow + sourceX[x]];
            }
        });
        return output;
    }

    private static float[] ResizeRows(float[] input, int rows, int width, int newWidth, ResampleWeights weights)
    {
        var output = new float[(long)rows * newWidth];
        ParallelRange.For(rows, ParallelRange.ChunkSize(rows, 8), (start, end) =>
        {
            for (int row = start; row < end; row++)
                for (int x = 0; x < newWidth; x++)
                {
                    int first = row * width + weights.First[x], w0 = x * weights.TapsPerOutput;
                    double sum = 0;
                    for (int t = 0; t < weights.Count[x]; t++)
                        sum += input[first + t] * weights.Weights[w0 + t];
                    output[row * newWidth + x] = (float)sum;
                }
        });
        return output;
    }

    private static float[] ResizeColumns(float[] input, int planeCount, int height, int width, int newHeight, ResampleWeights weights)
    {
        var output = new float[(long)planeCount * newHeight * width];
        int rows = planeCount * newHeight;
        ParallelRange.For(rows, ParallelRange.ChunkSize(rows, 8), (start, end) =>
        {
            var sums = new double[width];
            for (int row = start; row < end; row++)
            {
                int plane = row / newHeight, y = row % newHeight;
                int first = weights.First[y], w0 = y * weights.TapsPerOutput;
                Array.Clear(sums);
                // Taps in order, each added to every column: per output value the same order as Pillow.
                for (int t = 0; t < weights.Count[y]; t++)
                {
                    double weight = weights.Weights[w0 + t];
                    int sourceRow = (plane * height + first + t) * width;
                    for (int x = 0; x < width; x++)
                        sums[x] += input[sourceRow + x] * weight;
                }
                for (int x = 0; x < width; x++)
                    output[row * width + x] = (float)sums[x];
            }
        });
        return output;
    }
}
