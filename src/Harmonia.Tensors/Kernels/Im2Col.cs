using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// Moves between input planes and a tile of the column matrix. Row <c>(c·KH + kh)·KW + kw</c> of a
/// tile holds, for each output pixel <c>p</c> of the tile, the input value that kernel tap
/// (kh, kw) of channel c meets at p (zero where it falls into the padding). A tile covers output
/// pixels <c>[firstPixel, firstPixel + pixels)</c> in row-major order, so it may start and end
/// inside an output row.
/// </summary>
internal static class Im2Col
{
    /// <summary>Below this many floats, a tile is filled or scattered on the calling thread.</summary>
    private const long MinParallelFloats = 1 << 16;

    /// <summary>
    /// Fills the column tile (<c>ColumnRows × pixels</c>, row stride <paramref name="pixels"/>) from the
    /// <c>InChannelsPerGroup</c> planes that start at <paramref name="inputOffset"/>.
    /// </summary>
    public static void Gather(in ConvGeometry g, float[] input, int inputOffset, int firstPixel, int pixels, float[] column, bool allowParallel)
    {
        var geometry = g;
        int rows = g.ColumnRows;
        if (allowParallel && (long)rows * pixels >= MinParallelFloats)
            ParallelRange.For(rows, ParallelRange.ChunkSize(rows), (start, end) => GatherRows(geometry, input, inputOffset, firstPixel, pixels, column, start, end));
        else
            GatherRows(g, input, inputOffset, firstPixel, pixels, column, 0, rows);
    }

    /// <summary>
    /// Adds the column tile into the <c>InChannelsPerGroup</c> planes that start at <paramref name="planesOffset"/>.
    /// Work is split by channel, so no two threads touch one plane; within a plane the taps are
    /// added in a fixed order (kh, kw), which keeps sums independent of the thread count.
    /// </summary>
    public static void ScatterAdd(in ConvGeometry g, float[] column, int firstPixel, int pixels, float[] planes, int planesOffset, bool allowParallel)
    {
        var geometry = g;
        int channels = g.InChannelsPerGroup;
        if (allowParallel && channels > 1 && (long)g.ColumnRows * pixels >= MinParallelFloats)
            ParallelRange.For(channels, ParallelRange.ChunkSize(channels), (start, end) => ScatterChannels(geometry, column, firstPixel, pixels, planes, planesOffset, start, end));
        else
            ScatterChannels(g, column, firstPixel, pixels, planes, planesOffset, 0, channels);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GatherRows(in ConvGeometry g, float[] input, int inputOffset, int firstPixel, int pixels, float[] column, int firstRow, int endRow)
    {
        int kernelArea = g.KernelHeight * g.KernelWidth;
        for (int row = firstRow; row < endRow; row++)
        {
            int channel = row / kernelArea, kh = row % kernelArea / g.KernelWidth, kw = row % g.KernelWidth;
            var plane = input.AsSpan(inputOffset + channel * g.InPlane, g.InPlane);
            var target = column.AsSpan(row * pixels, pixels);
            var cursor = new SegmentCursor(g, firstPixel, pixels, kh, kw);
            while (cursor.Next(out var segment))
            {
                var span = target.Slice(segment.TileOffset, segment.Length);
                if (segment.InputRow < 0)
                {
                    span.Clear();
                    continue;
                }
                span[..segment.ValidStart].Clear();
                span[segment.ValidEnd..].Clear();
                var valid = span[segment.ValidStart..segment.ValidEnd];
                // A segment wholly in the right-hand padding has no first input column inside the plane.
                if (valid.IsEmpty) continue;
                int source = segment.InputRow * g.InWidth + segment.FirstInputColumn;
                if (g.StrideWidth == 1)
                    plane.Slice(source, valid.Length).CopyTo(valid);
                else if (g.StrideWidth == 2)
                    CopyEvenElements(plane[source..], valid);
                else
                    for (int i = 0; i < valid.Length; i++) valid[i] = plane[source + i * g.StrideWidth];
            }
        }
    }

    /// <summary>
    /// <c>target[i] = source[2i]</c>: eight at a time by splitting 16 loaded floats into their even
    /// and odd halves, while the 16 floats lie inside <paramref name="source"/>.
    /// </summary>
    internal static void CopyEvenElements(ReadOnlySpan<float> source, Span<float> target)
    {
        int i = 0;
        if (Avx2.IsSupported)
            for (; i + 8 <= target.Length && 2 * i + 16 <= source.Length; i += 8)
            {
                var (even, _) = VectorShuffles.Deinterleave(Vector256.Create(source.Slice(2 * i, 8)), Vector256.Create(source.Slice(2 * i + 8, 8)));
                even.CopyTo(target.Slice(i, 8));
            }
        for (; i < target.Length; i++) target[i] = source[2 * i];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScatterChannels(in ConvGeometry g, float[] column, int firstPixel, int pixels, float[] planes, int planesOffset, int firstChannel, int endChannel)
    {
        for (int channel = firstChannel; channel < endChannel; channel++)
        {
            var plane = planes.AsSpan(planesOffset + channel * g.InPlane, g.InPlane);
            for (int kh = 0; kh < g.KernelHeight; kh++)
            {
                for (int kw = 0; kw < g.KernelWidth; kw++)
                {
                    int row = (channel * g.KernelHeight + kh) * g.KernelWidth + kw;
                    var source = column.AsSpan(row * pixels, pixels);
                    var cursor = new SegmentCursor(g, firstPixel, pixels, kh, kw);
                    while (cursor.Next(out var segment))
                    {
                        if (segment.InputRow < 0 || segment.ValidEnd == segment.ValidStart) continue;
                        var valid = source.Slice(segment.TileOffset + segment.ValidStart, segment.ValidEnd - segment.ValidStart);
                        int target = segment.InputRow * g.InWidth + segment.FirstInputColumn;
                        if (g.StrideWidth == 1)
                        {
                            var destination = plane.Slice(target, valid.Length);
                            TensorPrimitives.Add(destination, valid, destination);
                        }
                        else
                        {
                            for (int i = 0; i < valid.Length; i++) plane[target + i * g.StrideWidth] += valid[i];
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The part of a tile that lies in one output row, seen through kernel tap (kh, kw): which tile
    /// columns it covers, which input row it reads (−1 when that row is padding) and which of its
    /// columns land inside the input width.
    /// </summary>
    private readonly record struct Segment(int TileOffset, int Length, int InputRow, int ValidStart, int ValidEnd, int FirstInputColumn);

    /// <summary>Walks the output rows a tile crosses, one <see cref="Segment"/> per row, without allocating.</summary>
    private struct SegmentCursor
    {
        private readonly int outWidth, strideHeight, strideWidth, inHeight, rowShift, columnShift, owLow, owHigh, firstPixel, end;
        private int pixel;

        public SegmentCursor(in ConvGeometry g, int firstPixel, int pixels, int kh, int kw)
        {
            outWidth = g.OutWidth;
            strideHeight = g.StrideHeight;
            strideWidth = g.StrideWidth;
            inHeight = g.InHeight;
            rowShift = kh * g.DilationHeight - g.PaddingHeight;
            columnShift = kw * g.DilationWidth - g.PaddingWidth;
            // Output columns ow whose input column ow·s + columnShift lies in [0, W): [owLow, owHigh).
            owLow = Math.Clamp(CeilDiv(-columnShift, g.StrideWidth), 0, g.OutWidth);
            owHigh = Math.Max(owLow, Math.Min(g.OutWidth, CeilDiv(g.InWidth - columnShift, g.StrideWidth)));
            this.firstPixel = firstPixel;
            end = firstPixel + pixels;
            pixel = firstPixel;
        }

        public bool Next(out Segment segment)
        {
            if (pixel >= end)
            {
                segment = default;
                return false;
            }
            int oh = pixel / outWidth, ow = pixel % outWidth;
            int length = Math.Min(outWidth - ow, end - pixel);
            int inputRow = oh * strideHeight + rowShift;
            if ((uint)inputRow >= (uint)inHeight) inputRow = -1;
            int validStart = Math.Clamp(owLow - ow, 0, length), validEnd = Math.Clamp(owHigh - ow, validStart, length);
            segment = new Segment(pixel - firstPixel, length, inputRow, validStart, validEnd, (ow + validStart) * strideWidth + columnShift);
            pixel += length;
            return true;
        }
    }

    /// <summary>Ceiling division by a positive divisor, also for negative numerators (rounds toward +∞).</summary>
    private static int CeilDiv(int value, int divisor) => value <= 0 ? -(-value / divisor) : (value + divisor - 1) / divisor;
}
