using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Kernels;

internal static partial class SubPixelTransposedConv
{
    /// <summary>Floats of source one tile reads (256 KiB): its rows of every source channel stay in the core's L2.</summary>
    private const int IndirectTileFloats = 1 << 16;

    /// <summary>Tiles a layer is cut into at least, where it has the rows: enough to keep two or more cores busy to the end.</summary>
    private const int MinTiles = 8;

    /// <summary>
    /// Where the zero-padded copy of the source lies: its first row and column in source coordinates
    /// (negative where it starts in the padding) and its size. It covers every position any phase reads.
    /// </summary>
    private readonly record struct PaddedSource(int Top, int Left, int Height, int Width)
    {
        public int Plane => Height * Width;

        public static PaddedSource For(Phase[] phases)
        {
            int top = int.MaxValue, left = int.MaxValue, bottom = int.MinValue, right = int.MinValue;
            foreach (var phase in phases)
            {
                if (phase.Y.Taps == 0 || phase.X.Taps == 0) continue;
                top = Math.Min(top, phase.Y.FirstSource);
                left = Math.Min(left, phase.X.FirstSource);
                bottom = Math.Max(bottom, phase.Y.FirstSource + phase.Y.Count + phase.Y.Taps - 1);
                right = Math.Max(right, phase.X.FirstSource + phase.X.Count + phase.X.Taps - 1);
            }
            return top == int.MaxValue ? new PaddedSource(0, 0, 0, 0) : new PaddedSource(top, left, bottom - top, right - left);
        }
    }

    /// <summary>
    /// The indirect form (machines with 512-bit vectors): the source is copied once into zero-padded
    /// planes, and <see cref="IndirectMicroKernel"/> reads each tap's row straight from them, so there
    /// is no column matrix to gather and no B panel to pack. Positions are those of the padded grid,
    /// a row of which is wider than the phase's row by the taps' overhang; the few positions in the
    /// overhang are computed and dropped. Each tile of the phase's rows is computed on one core and its
    /// values written to their target pixels.
    /// </summary>
    private static unsafe void RunIndirect(ConvGeometry g, Phase[] phases, float[] source, float[] weight, float[]? channelStart, float[] target)
    {
        var pad = PaddedSource.For(phases);
        int sourceChannels = g.OutChannels, targetChannels = g.InChannels;
        int channelBlocks = (targetChannels + IndirectMicroKernel.Rows - 1) / IndirectMicroKernel.Rows;
        // The last tile's last micro-tile reads up to one micro-tile past its last position.
        float[] padded = BufferPool.Rent(checked((int)((long)g.Batch * sourceChannels * pad.Plane + IndirectMicroKernel.Columns)));
        var packedOffsets = new long[phases.Length];
        long packedFloats = 0;
        for (int p = 0; p < phases.Length; p++)
        {
            packedOffsets[p] = packedFloats;
            packedFloats += (long)channelBlocks * IndirectMicroKernel.Rows * phases[p].Depth(sourceChannels);
        }
        float[] subKernels = PinnedBufferPool.Rent(phases.Sum(phase => (long)targetChannels * phase.Depth(sourceChannels)));
        float[] packed = PinnedBufferPool.Rent(packedFloats);
        try
        {
            padded.AsSpan(padded.Length - IndirectMicroKernel.Columns).Clear();
            CopyPadded(g, pad, source, padded);
            RearrangeWeights(g, weight, phases, subKernels);
            var rowOffsets = new int[phases.Length][];
            for (int p = 0; p < phases.Length; p++)
            {
                PackSubKernel(phases[p], targetChannels, sourceChannels, subKernels, packed, packedOffsets[p]);
                rowOffsets[p] = TapOffsets(phases[p], sourceChannels, pad);
            }

            int tapRows = 1;
            foreach (var phase in phases) tapRows = Math.Max(tapRows, phase.Y.Taps);
            // Rows per tile: as many as keep the tile's source in L2, but no more than leave eight tiles in all.
            int cacheRows = IndirectTileFloats / Math.Max(1, sourceChannels * pad.Width) - (tapRows - 1);
            int gridRows = g.Batch * phases.Sum(phase => phase.Y.Count);
            int rowsPerTile = Math.Max(1, Math.Min(cacheRows, (gridRows + MinTiles - 1) / MinTiles));
            var tiles = Tiles(g.Batch, phases, rowsPerTile);
            ParallelRange.For(tiles.Length, 1, (start, end) =>
            {
                fixed (float* paddedBase = padded, packedBase = packed)
                    for (int i = start; i < end; i++)
                    {
                        var tile = tiles[i];
                        fixed (int* offsets = rowOffsets[tile.PhaseIndex])
                            RunIndirectTile(g, pad, phases[tile.PhaseIndex], tile, paddedBase, packedBase + packedOffsets[tile.PhaseIndex],
                                offsets, channelStart, target);
                    }
            });
        }
        finally
        {
            BufferPool.Return(padded);
            PinnedBufferPool.Return(subKernels);
            PinnedBufferPool.Return(packed);
        }
    }

    /// <summary>Copies every source plane into its zero-padded plane (rows and columns outside the source are zero).</summary>
    private static void CopyPadded(ConvGeometry g, PaddedSource pad, float[] source, float[] padded)
    {
        int planes = g.Batch * g.OutChannels, sourceWidth = g.OutWidth, sourceHeight = g.OutHeight;
        // Columns of a padded row that hold source values: [lo, hi) in padded coordinates.
        int lo = Math.Clamp(-pad.Left, 0, pad.Width), hi = Math.Clamp(sourceWidth - pad.Left, lo, pad.Width);
        ParallelRange.For(planes, ParallelRange.ChunkSize(planes), (start, end) =>
        {
            for (int plane = start; plane < end; plane++)
            {
                var to = padded.AsSpan(plane * pad.Plane, pad.Plane);
                for (int row = 0; row < pad.Height; row++)
                {
                    var line = to.Slice(row * pad.Width, pad.Width);
                    int y = pad.Top + row;
                    if (y < 0 || y >= sourceHeight || hi == lo)
                    {
                        line.Clear();
                        continue;
                    }
                    line[..lo].Clear();
                    source.AsSpan(plane * g.OutPlane + y * sourceWidth + pad.Left + lo, hi - lo).CopyTo(line[lo..hi]);
                    line[hi..].Clear();
                }
            }
        });
    }

    /// <summary>
    /// A phase's sub-kernel in the micro-kernel's layout: per block of eight target channels,
    /// <c>[depth][8]</c>, target channels past the last left zero.
    /// </summary>
    private static void PackSubKernel(in Phase phase, int targetChannels, int sourceChannels, float[] subKernels, float[] packed, long offset)
    {
        int depth = phase.Depth(sourceChannels), rows = IndirectMicroKernel.Rows;
        int blocks = (targetChannels + rows - 1) / rows;
        var to = packed.AsSpan(checked((int)offset), blocks * rows * depth);
        to.Clear();
        for (int c = 0; c < targetChannels; c++)
        {
            var from = subKernels.AsSpan(phase.WeightOffset + c * depth, depth);
            int block = c / rows, lane = c % rows;
            for (int k = 0; k < depth; k++) to[(block * depth + k) * rows + lane] = from[k];
        }
    }

    /// <summary>Where each column row (o, jy, jx) of a phase reads in the padded planes, relative to the position's own place.</summary>
    private static int[] TapOffsets(in Phase phase, int sourceChannels, PaddedSource pad)
    {
        int ty = phase.Y.Taps, tx = phase.X.Taps;
        var offsets = new int[sourceChannels * ty * tx];
        for (int o = 0; o < sourceChannels; o++)
            for (int jy = 0; jy < ty; jy++)
                for (int jx = 0; jx < tx; jx++)
                    offsets[(o * ty + jy) * tx + jx] = o * pad.Plane + jy * pad.Width + jx;
        return offsets;
    }

    /// <summary>
    /// One tile: for every block of eight target channels, the micro-kernel runs over the tile's
    /// positions of the padded grid 32 at a time, and each position that is a pixel of the phase
    /// goes to its target pixel (plus the channel's start value).
    /// </summary>
    private static unsafe void RunIndirectTile(in ConvGeometry g, PaddedSource pad, in Phase phase, Tile tile, float* padded, float* packed,
        int* rowOffsets, float[]? channelStart, float[] target)
    {
        int sourceChannels = g.OutChannels, targetChannels = g.InChannels, depth = phase.Depth(sourceChannels);
        int width = phase.X.Count, paddedWidth = pad.Width;
        long sampleTarget = (long)tile.Sample * targetChannels * g.InPlane;
        if (depth == 0)
        {
            FillTilePixels(g, phase, tile, channelStart, target, sampleTarget);
            return;
        }
        // Position u of the tile (u = r·paddedWidth + n) reads its first tap at b + u.
        float* b = padded + (long)tile.Sample * sourceChannels * pad.Plane
            + (long)(phase.Y.FirstSource - pad.Top + tile.FirstRow) * paddedWidth + (phase.X.FirstSource - pad.Left);
        int positions = (tile.Rows - 1) * paddedWidth + width;
        float* values = stackalloc float[IndirectMicroKernel.Rows * IndirectMicroKernel.Columns];
        for (int block = 0; block * IndirectMicroKernel.Rows < targetChannels; block++)
        {
            float* a = packed + (long)block * depth * IndirectMicroKernel.Rows;
            int firstChannel = block * IndirectMicroKernel.Rows, channels = Math.Min(IndirectMicroKernel.Rows, targetChannels - firstChannel);
            for (int u0 = 0; u0 < positions; u0 += IndirectMicroKernel.Columns)
            {
                IndirectMicroKernel.Run(depth, a, b + u0, rowOffsets, values);
                WritePositions(g, phase, tile, paddedWidth, u0, Math.Min(IndirectMicroKernel.Columns, positions - u0),
                    values, firstChannel, channels, channelStart, target, sampleTarget);
            }
        }
    }

    /// <summary>Writes a micro-tile's values at positions <c>[u0, u0 + count)</c> to their target pixels, skipping the overhang.</summary>
    private static unsafe void WritePositions(in ConvGeometry g, in Phase phase, Tile tile, int paddedWidth, int u0, int count,
        float* values, int firstChannel, int channels, float[]? channelStart, float[] target, long sampleTarget)
    {
        int width = phase.X.Count, strideX = g.StrideWidth, targetWidth = g.InWidth, targetPlane = g.InPlane;
        int r = u0 / paddedWidth, n = u0 - r * paddedWidth;
        int j = 0;
        while (j < count)
        {
            int inRow = Math.Min(count - j, paddedWidth - n);
            if (n < width)
            {
                int run = Math.Min(width - n, inRow);
                int y = phase.Y.FirstTarget + g.StrideHeight * (tile.FirstRow + r);
                long pixel = sampleTarget + (long)y * targetWidth + phase.X.FirstTarget + strideX * n;
                for (int i = 0; i < channels; i++)
                {
                    int c = firstChannel + i;
                    float start = channelStart is null ? 0f : channelStart[c];
                    var from = new ReadOnlySpan<float>(values + i * IndirectMicroKernel.Columns + j, run);
                    long at = pixel + (long)c * targetPlane;
                    if (strideX == 1)
                    {
                        var to = target.AsSpan(checked((int)at), run);
                        if (channelStart is null) from.CopyTo(to);
                        else System.Numerics.Tensors.TensorPrimitives.Add(from, start, to);
                        continue;
                    }
                    for (int t = 0; t < run; t++) target[at + (long)t * strideX] = from[t] + start;
                }
            }
            j += inRow;
            n = 0;
            r++;
        }
    }

    /// <summary>The tile's pixels of a phase no tap reaches: the channel's start value, or zero.</summary>
    private static void FillTilePixels(in ConvGeometry g, in Phase phase, Tile tile, float[]? channelStart, float[] target, long sampleTarget)
    {
        for (int c = 0; c < g.InChannels; c++)
        {
            float value = channelStart is null ? 0f : channelStart[c];
            for (int r = 0; r < tile.Rows; r++)
            {
                int y = phase.Y.FirstTarget + g.StrideHeight * (tile.FirstRow + r);
                long line = sampleTarget + ((long)c * g.InHeight + y) * g.InWidth;
                for (int n = 0, x = phase.X.FirstTarget; n < phase.X.Count; n++, x += g.StrideWidth) target[line + x] = value;
            }
        }
    }
}
