namespace Harmonia.Tensors.Kernels;

/// <summary>
/// The part that forward convolutions (<see cref="IndirectConv2d"/>) and sub-pixel transposed ones
/// (<see cref="SubPixelTransposedConv"/>) share: a stride-1 correlation over zero-padded planes,
/// computed by <see cref="IndirectMicroKernel"/> with one table offset per (channel, tap), and its
/// values written to a grid of target pixels.
/// </summary>
/// <remarks>
/// A tile is some rows of the grid. Its positions are those of the padded planes, <c>u = r·W + n</c>
/// for row r and column n (W the padded width), so 32 consecutive positions are 32 consecutive
/// floats of every tap's row; the positions whose column lies in the padding's overhang
/// (<c>n ≥ grid columns</c>) are computed like the others and dropped.
/// </remarks>
internal static class IndirectConvolution
{
    /// <summary>Floats of padded source one tile should read at most (256 KiB), so it stays in the core's L2.</summary>
    public const int TileSourceFloats = 1 << 16;

    /// <summary>Tiles a layer is cut into at least, where it has the rows: enough to keep two or more cores busy to the end.</summary>
    public const int MinTiles = 8;

    /// <summary>
    /// Weight matrices of at most this many floats (512 KiB) take the indirect form; wider layers keep
    /// the GEMM (and Winograd's kernel for 3×3), whose packed panels were built for them. Raising the
    /// limit to 2 M floats moved PHNet and full HDNet at 256² by −3% to +3%, within this machine's
    /// noise, so the long-tested path stays theirs.
    /// </summary>
    public const long MaxWeightFloats = 1 << 17;

    /// <summary>Floats a padded buffer needs past its last plane: a tile's last micro-tile reads up to 32 positions on.</summary>
    public const int Slack = IndirectMicroKernel.Columns;

    /// <summary>
    /// Floats from one padded plane to the next: the plane rounded up to whole cache lines, and to an
    /// odd number of them. A micro-tile reads one line or two from every channel's plane at the same
    /// place; planes a multiple of 4 KiB apart (or nearly: a 258² plane is 16 bytes past one) would put
    /// all those lines in the same few sets of L1, where they evict each other. An odd number of lines
    /// apart, 64 consecutive planes fall in 64 different sets.
    /// </summary>
    public static int PlaneStride(int plane)
    {
        int lines = (plane + 15) / 16;
        return (lines | 1) * 16;
    }

    /// <summary>
    /// Fills <paramref name="height"/> rows of <paramref name="width"/> floats of a zero-padded view of
    /// <paramref name="plane"/> (<paramref name="planeHeight"/> × <paramref name="planeWidth"/>): row i,
    /// column j holds <c>plane[strideY·(firstRow + i) + top, strideX·j + left]</c>, or zero where that lies
    /// outside the plane. Stride 1 with a negative top and left is a padded copy; a stride s with
    /// offsets (a − p, b − p) is phase plane (a, b) of a strided convolution's input.
    /// </summary>
    public static void CopyPaddedRows(ReadOnlySpan<float> plane, int planeHeight, int planeWidth, int top, int left, int strideY, int strideX,
        int firstRow, int height, int width, Span<float> to)
    {
        // Columns j whose plane column strideX·j + left lies in [0, planeWidth).
        int lo = Math.Clamp((-left + strideX - 1) / strideX, 0, width);
        int last = planeWidth - 1 - left;
        int hi = Math.Clamp(last < 0 ? 0 : last / strideX + 1, lo, width);
        for (int i = 0; i < height; i++)
        {
            var line = to.Slice(i * width, width);
            int y = strideY * (firstRow + i) + top;
            if (y < 0 || y >= planeHeight || hi == lo)
            {
                line.Clear();
                continue;
            }
            line[..lo].Clear();
            line[hi..].Clear();
            var row = plane.Slice(y * planeWidth, planeWidth);
            int x = strideX * lo + left;
            if (strideX == 1) row.Slice(x, hi - lo).CopyTo(line[lo..hi]);
            else if (strideX == 2) Im2Col.CopyEvenElements(row[x..], line[lo..hi]);
            else
                for (int j = lo; j < hi; j++, x += strideX) line[j] = row[x];
        }
    }

    /// <summary>
    /// Where a tile's values go: grid (row r, column n), for n below <paramref name="Columns"/>, is
    /// target pixel <c>(FirstY + StrideY·r, FirstX + StrideX·n)</c> of a plane <paramref name="TargetWidth"/>
    /// wide and <paramref name="TargetPlane"/> floats long; <paramref name="Channels"/> output channels.
    /// </summary>
    public readonly record struct TargetGrid(int FirstY, int StrideY, int FirstX, int StrideX, int Columns, int TargetWidth, int TargetPlane, int Channels);

    /// <summary>
    /// Packs a row-major <c>[channels, depth]</c> weight matrix in the micro-kernel's layout: per block of
    /// eight channels, <c>[depth][8]</c>; channels past the last are zero.
    /// </summary>
    public static void PackWeights(ReadOnlySpan<float> matrix, int channels, int depth, Span<float> packed)
    {
        int rows = IndirectMicroKernel.Rows;
        packed[..(PackedFloats(channels, depth))].Clear();
        for (int c = 0; c < channels; c++)
        {
            var from = matrix.Slice(c * depth, depth);
            int block = c / rows, lane = c % rows;
            for (int k = 0; k < depth; k++) packed[(block * depth + k) * rows + lane] = from[k];
        }
    }

    /// <summary>Floats of a packed <c>[channels, depth]</c> matrix (channels rounded up to eight).</summary>
    public static int PackedFloats(int channels, int depth) => checked((channels + IndirectMicroKernel.Rows - 1) / IndirectMicroKernel.Rows * IndirectMicroKernel.Rows * depth);

    /// <summary>
    /// Rows of the grid per tile: as many as keep the tile's padded source (<paramref name="floatsPerRow"/>
    /// per row, plus the taps' <paramref name="extraRows"/> below) within <see cref="TileSourceFloats"/>,
    /// but no more than leave <see cref="MinTiles"/> tiles over <paramref name="gridRows"/> rows in all.
    /// </summary>
    public static int RowsPerTile(long floatsPerRow, int extraRows, long gridRows)
    {
        long cacheRows = TileSourceFloats / Math.Max(1, floatsPerRow) - extraRows;
        long spread = (gridRows + MinTiles - 1) / MinTiles;
        return (int)Math.Max(1, Math.Min(cacheRows, spread));
    }

    /// <summary>
    /// One tile of <paramref name="rows"/> grid rows from <paramref name="firstRow"/>: for each group of up
    /// to 128 output channels and each 32 positions, the micro-kernel runs over slices of the shared
    /// rows, every block of eight channels in turn on a slice, and each value (plus its channel's start
    /// value) is written to its target pixel.
    /// </summary>
    /// <param name="depth">Rows of the shared dimension (channel × tap).</param>
    /// <param name="packed">The weights, packed by <see cref="PackWeights"/>.</param>
    /// <param name="rowOffsets">Per shared row, its offset from a position's own place in the padded planes.</param>
    /// <param name="b">The tile's first position in the padded planes.</param>
    /// <param name="paddedWidth">Floats per padded row.</param>
    /// <param name="firstRow">The tile's first row of the grid.</param>
    /// <param name="rows">Rows in the tile.</param>
    /// <param name="grid">Where values go.</param>
    /// <param name="channelStart">Per output channel, the value added to every output (a bias), or null.</param>
    /// <param name="target">The output array.</param>
    /// <param name="sampleTarget">Where the sample's first output plane starts in it.</param>
    public static unsafe void RunTile(int depth, float* packed, int* rowOffsets, float* b, int paddedWidth, int firstRow, int rows,
        in TargetGrid grid, float[]? channelStart, float[] target, long sampleTarget)
    {
        int positions = (rows - 1) * paddedWidth + grid.Columns;
        const int tileFloats = IndirectMicroKernel.Rows * IndirectMicroKernel.Columns;
        float* values = stackalloc float[BlocksPerGroup * tileFloats];
        for (int firstChannel = 0; firstChannel < grid.Channels; firstChannel += BlocksPerGroup * IndirectMicroKernel.Rows)
        {
            int blocks = Math.Min(BlocksPerGroup, (grid.Channels - firstChannel + IndirectMicroKernel.Rows - 1) / IndirectMicroKernel.Rows);
            for (int u0 = 0; u0 < positions; u0 += IndirectMicroKernel.Columns)
            {
                // Slices of the shared rows outside, channel blocks inside: a slice's rows of B stay in
                // L1 while every block of the group reads them.
                for (int k0 = 0; k0 < depth; k0 += SliceDepth)
                {
                    int slice = Math.Min(SliceDepth, depth - k0);
                    for (int block = 0; block < blocks; block++)
                        IndirectMicroKernel.Run(slice, packed + ((long)(firstChannel / IndirectMicroKernel.Rows + block) * depth + k0) * IndirectMicroKernel.Rows,
                            b + u0, rowOffsets + k0, values + block * tileFloats, accumulate: k0 > 0);
                }
                for (int block = 0; block < blocks; block++)
                {
                    int blockChannel = firstChannel + block * IndirectMicroKernel.Rows;
                    WritePositions(grid, paddedWidth, firstRow, u0, Math.Min(IndirectMicroKernel.Columns, positions - u0), values + block * tileFloats,
                        blockChannel, Math.Min(IndirectMicroKernel.Rows, grid.Channels - blockChannel), channelStart, target, sampleTarget);
                }
            }
        }
    }

    /// <summary>Shared rows per slice: 128 rows of 32 floats read from B (16 KiB, a third of L1).</summary>
    private const int SliceDepth = 128;

    /// <summary>Blocks of eight channels that share a slice of B (128 channels; their tiles take 32 KiB of stack).</summary>
    private const int BlocksPerGroup = 16;

    /// <summary>Writes a micro-tile's values at positions <c>[u0, u0 + count)</c> to their target pixels, skipping the overhang.</summary>
    private static unsafe void WritePositions(in TargetGrid grid, int paddedWidth, int firstRow, int u0, int count,
        float* values, int firstChannel, int channels, float[]? channelStart, float[] target, long sampleTarget)
    {
        int r = u0 / paddedWidth, n = u0 - r * paddedWidth;
        for (int j = 0; j < count; r++, n = 0)
        {
            int inRow = Math.Min(count - j, paddedWidth - n);
            if (n < grid.Columns)
            {
                int run = Math.Min(grid.Columns - n, inRow);
                int y = grid.FirstY + grid.StrideY * (firstRow + r);
                long pixel = sampleTarget + (long)y * grid.TargetWidth + grid.FirstX + (long)grid.StrideX * n;
                for (int i = 0; i < channels; i++)
                {
                    int c = firstChannel + i;
                    float start = channelStart is null ? 0f : channelStart[c];
                    var from = new ReadOnlySpan<float>(values + i * IndirectMicroKernel.Columns + j, run);
                    long at = pixel + (long)c * grid.TargetPlane;
                    if (grid.StrideX == 1)
                    {
                        var to = target.AsSpan(checked((int)at), run);
                        if (channelStart is null) from.CopyTo(to);
                        else System.Numerics.Tensors.TensorPrimitives.Add(from, start, to);
                        continue;
                    }
                    for (int t = 0; t < run; t++) target[at + (long)t * grid.StrideX] = from[t] + start;
                }
            }
            j += inRow;
        }
    }
}
