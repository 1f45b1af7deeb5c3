using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// A convolution's input gradient, which is also a transposed convolution's forward pass, by
/// sub-pixel decomposition. With stride s the target pixels fall into s×s phases by their
/// position modulo s, and every pixel of one phase is reached by the same kernel taps: those
/// whose index has the phase's residue, ⌈K/s⌉ a side. Each phase is therefore an ordinary
/// stride-1 correlation of the source planes with a small sub-kernel, computed as im2col and GEMM
/// tile by tile, and its result is written to the phase's pixels. Stride 1 is a single phase:
/// the convolution with the filters transposed and rotated, written straight into the target.
/// </summary>
/// <remarks>
/// <para>
/// Names follow the convolution whose input gradient this is (<see cref="ConvGeometry"/>): the
/// <em>source</em> is its output gradient (OutChannels planes of OutHeight × OutWidth), the
/// <em>target</em> its input gradient (InChannels planes of InHeight × InWidth). Along one axis,
/// target index <c>i = q·s + r − p</c> (residue r, padding p) takes taps <c>k = r + s·t</c> from
/// source index <c>q − t</c>; listing the taps from the last to the first (<c>j = T − 1 − t</c>) makes
/// the source index <c>q − (T − 1) + j</c> rise with j, a plain correlation.
/// </para>
/// <para>
/// It replaces the GEMM-then-scatter form, which multiplied into a column of OutChannels·K² rows per
/// source pixel and added those onto overlapping windows of the target: here no target value is
/// written twice, tiles are independent and stay in one core's cache, and the GEMM's shared
/// dimension is OutChannels·⌈K/s⌉² instead of OutChannels. Every target value is one GEMM dot
/// product over depth slices fixed by the shape, so the tiling and the thread count do not change it.
/// </para>
/// </remarks>
internal static partial class SubPixelTransposedConv
{
    /// <summary>Floats of one tile's column when tiles run one per core (256 KiB, as in <see cref="ConvolutionCore"/>).</summary>
    private const int CacheTileFloats = 1 << 16;

    /// <summary>Whether this kernel computes <paramref name="g"/>'s input gradient: one group, no dilation, not a plain matrix product.</summary>
    public static bool Applies(in ConvGeometry g)
        => g.Groups == 1 && g.DilationHeight == 1 && g.DilationWidth == 1 && !g.IsPointwise && g.Batch > 0;

    /// <summary>One axis of one phase: which target indices it holds and where its taps read the source.</summary>
    /// <param name="Taps">Kernel taps along the axis that reach this phase (⌈(K − residue)/s⌉; 0 when the kernel is shorter than the stride).</param>
    /// <param name="FirstTarget">The phase's first target index.</param>
    /// <param name="Count">Target indices in the phase (every s-th from <paramref name="FirstTarget"/>).</param>
    /// <param name="FirstSource">The source index read by the first listed tap for the phase's first target index (may be negative: padding).</param>
    /// <param name="Residue">The phase's residue r: its taps are r, r + s, r + 2s, …</param>
    private readonly record struct AxisPhase(int Taps, int FirstTarget, int Count, int FirstSource, int Residue)
    {
        public static AxisPhase Of(int residue, int stride, int kernel, int padding, int targetSize)
        {
            int taps = residue < kernel ? (kernel - residue + stride - 1) / stride : 0;
            int first = ((residue - padding) % stride + stride) % stride;
            int count = first < targetSize ? (targetSize - 1 - first) / stride + 1 : 0;
            int q = (first + padding - residue) / stride;
            return new AxisPhase(taps, first, count, q - (taps - 1), residue);
        }
    }

    /// <summary>A phase: its two axes and where its sub-kernel lies in the rearranged weights.</summary>
    private readonly record struct Phase(AxisPhase Y, AxisPhase X, int WeightOffset)
    {
        public int Depth(int sourceChannels) => sourceChannels * Y.Taps * X.Taps;
    }

    /// <summary>A tile: one sample's rows <c>[FirstRow, FirstRow + Rows)</c> of one phase's grid of target pixels.</summary>
    private readonly record struct Tile(int Sample, int PhaseIndex, int FirstRow, int Rows);

    /// <summary>
    /// <c>target = convᵀ(source, weight)</c>, overwriting target; with <paramref name="channelStart"/>,
    /// each target channel starts from that value instead of zero (a transposed convolution's bias).
    /// </summary>
    /// <param name="g">The convolution; <see cref="Applies"/> must hold.</param>
    /// <param name="source"><c>[Batch, OutChannels, OutHeight, OutWidth]</c>.</param>
    /// <param name="weight"><c>[OutChannels, InChannels, KernelHeight, KernelWidth]</c>.</param>
    /// <param name="channelStart"><c>[InChannels]</c>, or null.</param>
    /// <param name="target"><c>[Batch, InChannels, InHeight, InWidth]</c>.</param>
    public static void Run(in ConvGeometry g, float[] source, float[] weight, float[]? channelStart, float[] target)
    {
        var phases = Phases(g);
        if (GemmKernelSelection.Current == GemmKernelKind.Vector512)
        {
            RunIndirect(g, phases, source, weight, channelStart, target);
            return;
        }
        RunByColumns(g, phases, source, weight, channelStart, target);
    }

    /// <summary>
    /// The column form (any machine): each tile's column matrix is gathered from the source and
    /// multiplied by the phase's sub-kernel with the engine's GEMM.
    /// </summary>
    private static void RunByColumns(in ConvGeometry g, Phase[] phases, float[] source, float[] weight, float[]? channelStart, float[] target)
    {
        int sourceChannels = g.OutChannels, targetChannels = g.InChannels;
        int depth = 0, gridWidth = 1;
        foreach (var phase in phases)
        {
            depth = Math.Max(depth, phase.Depth(sourceChannels));
            gridWidth = Math.Max(gridWidth, phase.X.Count);
        }
        float[] subKernels = PinnedBufferPool.Rent(phases.Sum(phase => (long)targetChannels * phase.Depth(sourceChannels)));
        try
        {
            RearrangeWeights(g, weight, phases, subKernels);
            int rowsPerTile = Math.Max(1, TilePixels(g, depth) / gridWidth);
            var tiles = Tiles(g.Batch, phases, rowsPerTile);
            bool direct = g.StrideHeight == 1 && g.StrideWidth == 1;
            int tilePixels = rowsPerTile * gridWidth;
            long scratchFloats = (long)depth * tilePixels + (direct ? 0 : (long)targetChannels * tilePixels);
            var geometry = g;
            if (tiles.Length >= 4)
            {
                // Enough tiles to share out: each runs on one core, from gather to GEMM to its pixels.
                ParallelRange.For(tiles.Length, ParallelRange.ChunkSize(tiles.Length), (start, end) =>
                {
                    float[] scratch = PinnedBufferPool.Rent(scratchFloats);
                    try
                    {
                        for (int i = start; i < end; i++)
                            RunTile(geometry, phases, tiles[i], source, subKernels, channelStart, target, scratch, tilePixels, parallel: false);
                    }
                    finally
                    {
                        PinnedBufferPool.Return(scratch);
                    }
                });
                return;
            }
            float[] shared = PinnedBufferPool.Rent(scratchFloats);
            try
            {
                foreach (var tile in tiles) RunTile(g, phases, tile, source, subKernels, channelStart, target, shared, tilePixels, parallel: true);
            }
            finally
            {
                PinnedBufferPool.Return(shared);
            }
        }
        finally
        {
            PinnedBufferPool.Return(subKernels);
        }
    }

    /// <summary>
    /// Target pixels per tile: a 256 KiB column, or more where the sub-kernels are wide (every tile
    /// repacks them, so a tile has at least four pixels per target channel), within the engine's
    /// column budget; a test's forced budget overrides both. Depends on the shape alone.
    /// </summary>
    private static int TilePixels(in ConvGeometry g, int depth)
    {
        if (depth == 0) return CacheTileFloats;
        if (ConvGeometry.ForcedColumnBudgetFloats is int forced) return Math.Max(1, forced / depth);
        int pixels = Math.Max(CacheTileFloats / depth, 4 * g.InChannels);
        return Math.Clamp(pixels, 1, Math.Max(1, ConvGeometry.ColumnBudgetFloats / depth));
    }

    /// <summary>The phases that hold target pixels, row-major by residue, with their sub-kernels' offsets.</summary>
    private static Phase[] Phases(in ConvGeometry g)
    {
        var phases = new List<Phase>(g.StrideHeight * g.StrideWidth);
        int offset = 0;
        for (int ry = 0; ry < g.StrideHeight; ry++)
        {
            var y = AxisPhase.Of(ry, g.StrideHeight, g.KernelHeight, g.PaddingHeight, g.InHeight);
            if (y.Count == 0) continue;
            for (int rx = 0; rx < g.StrideWidth; rx++)
            {
                var x = AxisPhase.Of(rx, g.StrideWidth, g.KernelWidth, g.PaddingWidth, g.InWidth);
                if (x.Count == 0) continue;
                var phase = new Phase(y, x, offset);
                phases.Add(phase);
                offset += g.InChannels * phase.Depth(g.OutChannels);
            }
        }
        return [.. phases];
    }

    /// <summary>
    /// Each phase's sub-kernel as a GEMM operand: row c (target channel), column (o, jy, jx) in the
    /// order the column rows are gathered, holding the tap <c>(r_y + s·(T_y − 1 − jy), r_x + s·(T_x − 1 − jx))</c> of W[o, c].
    /// </summary>
    private static void RearrangeWeights(in ConvGeometry g, float[] weight, Phase[] phases, float[] subKernels)
    {
        int kernelTaps = g.KernelHeight * g.KernelWidth, targetChannels = g.InChannels, sourceChannels = g.OutChannels;
        foreach (var phase in phases)
        {
            int ty = phase.Y.Taps, tx = phase.X.Taps, depth = phase.Depth(sourceChannels);
            // Where each of the phase's taps (jy, jx) lies in a KH×KW filter.
            var tapOffsets = new int[ty * tx];
            for (int jy = 0; jy < ty; jy++)
                for (int jx = 0; jx < tx; jx++)
                    tapOffsets[jy * tx + jx] = (phase.Y.Residue + g.StrideHeight * (ty - 1 - jy)) * g.KernelWidth
                        + phase.X.Residue + g.StrideWidth * (tx - 1 - jx);
            for (int c = 0; c < targetChannels; c++)
            {
                var row = subKernels.AsSpan(phase.WeightOffset + c * depth, depth);
                for (int o = 0; o < sourceChannels; o++)
                {
                    var filter = weight.AsSpan((o * targetChannels + c) * kernelTaps, kernelTaps);
                    var taps = row.Slice(o * tapOffsets.Length, tapOffsets.Length);
                    for (int t = 0; t < taps.Length; t++) taps[t] = filter[tapOffsets[t]];
                }
            }
        }
    }

    private static Tile[] Tiles(int batch, Phase[] phases, int rowsPerTile)
    {
        var tiles = new List<Tile>();
        for (int sample = 0; sample < batch; sample++)
            for (int p = 0; p < phases.Length; p++)
                for (int row = 0; row < phases[p].Y.Count; row += rowsPerTile)
                    tiles.Add(new Tile(sample, p, row, Math.Min(rowsPerTile, phases[p].Y.Count - row)));
        return [.. tiles];
    }

    /// <summary>One tile: gather its column, multiply by the phase's sub-kernel, and write its target pixels.</summary>
    private static void RunTile(in ConvGeometry g, Phase[] phases, Tile tile, float[] source, float[] subKernels, float[]? channelStart,
        float[] target, float[] scratch, int tilePixels, bool parallel)
    {
        var phase = phases[tile.PhaseIndex];
        int targetChannels = g.InChannels, depth = phase.Depth(g.OutChannels), width = phase.X.Count;
        int pixels = tile.Rows * width, targetPlane = g.InPlane;
        long sampleTarget = (long)tile.Sample * targetChannels * targetPlane;
        bool direct = g.StrideHeight == 1 && g.StrideWidth == 1;
        // The product goes straight into the target when the phase is the whole plane (stride 1): the
        // tile's rows are then contiguous in every channel. Otherwise into scratch, then to every s-th pixel.
        float[] product = direct ? target : scratch;
        int productOffset = direct ? checked((int)(sampleTarget + (long)tile.FirstRow * g.InWidth)) : depth * tilePixels;
        int productStride = direct ? targetPlane : pixels;
        bool accumulate = channelStart is not null && depth > 0;
        for (int c = 0; c < targetChannels; c++)
        {
            var row = product.AsSpan(productOffset + c * productStride, pixels);
            if (channelStart is not null) row.Fill(channelStart[c]);
            else if (depth == 0) row.Clear();
        }
        if (depth > 0)
        {
            Gather(g, phase, tile, source, scratch, pixels);
            Sgemm.Multiply(new GemmOperands(false, false, targetChannels, pixels, depth, subKernels, phase.WeightOffset, depth,
                scratch, 0, pixels, product, productOffset, productStride, accumulate), parallel);
        }
        if (!direct) Interleave(g, phase, tile, scratch, productOffset, pixels, target, sampleTarget);
    }

    /// <summary>
    /// The tile's column matrix: row (o, jy, jx), pixel (row r, column n) of the phase's grid holds
    /// source[o, FirstSourceY + FirstRow + r + jy, FirstSourceX + n + jx], zero outside the source.
    /// </summary>
    /// <remarks>
    /// When the phase's grid is as wide as the source (every stride-1 phase, and every phase of the
    /// usual kernel 2s, padding s/2 upsampling), the tile's lines for consecutive rows are consecutive
    /// stretches of the source shifted by the tap: one copy per column row, then the few values that
    /// wrapped across a row end are zeroed. Otherwise each line is copied on its own.
    /// </remarks>
    private static void Gather(in ConvGeometry g, in Phase phase, Tile tile, float[] source, float[] column, int pixels)
    {
        int ty = phase.Y.Taps, tx = phase.X.Taps, width = phase.X.Count, sourceWidth = g.OutWidth, sourceHeight = g.OutHeight;
        long sampleSource = (long)tile.Sample * g.OutChannels * g.OutPlane;
        bool wholeRows = width == sourceWidth;
        for (int o = 0; o < g.OutChannels; o++)
        for (int jy = 0; jy < ty; jy++)
        {
            // Tile rows whose source row exists: [validFirst, validEnd); the others are zero.
            int firstSourceRow = phase.Y.FirstSource + tile.FirstRow + jy;
            int validFirst = Math.Clamp(-firstSourceRow, 0, tile.Rows), validEnd = Math.Clamp(sourceHeight - firstSourceRow, validFirst, tile.Rows);
            long sourcePlane = sampleSource + (long)o * g.OutPlane;
            for (int jx = 0; jx < tx; jx++)
            {
                var rowOut = column.AsSpan(((o * ty + jy) * tx + jx) * pixels, pixels);
                rowOut[..(validFirst * width)].Clear();
                rowOut[(validEnd * width)..].Clear();
                if (validEnd == validFirst) continue;
                int sx = phase.X.FirstSource + jx;
                int lo = Math.Clamp(-sx, 0, width), hi = Math.Clamp(sourceWidth - sx, lo, width);
                long firstLine = sourcePlane + (long)(firstSourceRow + validFirst) * sourceWidth + sx;
                if (wholeRows)
                {
                    // One stretch from the first valid line's first in-range value to the last one's last.
                    int length = (validEnd - validFirst - 1) * width + hi - lo;
                    if (length > 0)
                        source.AsSpan(checked((int)(firstLine + lo)), length).CopyTo(rowOut[(validFirst * width + lo)..]);
                    for (int r = validFirst; r < validEnd; r++)
                    {
                        rowOut.Slice(r * width, lo).Clear();
                        rowOut.Slice(r * width + hi, width - hi).Clear();
                    }
                    continue;
                }
                for (int r = validFirst; r < validEnd; r++)
                {
                    var line = rowOut.Slice(r * width, width);
                    line[..lo].Clear();
                    source.AsSpan(checked((int)(firstLine + (long)(r - validFirst) * sourceWidth + lo)), hi - lo).CopyTo(line[lo..hi]);
                    line[hi..].Clear();
                }
            }
        }
    }

    /// <summary>Copies the tile's product (target channel × phase pixel) to its pixels of the target, every s-th row and column.</summary>
    private static void Interleave(in ConvGeometry g, in Phase phase, Tile tile, float[] product, int productOffset, int pixels, float[] target, long sampleTarget)
    {
        int width = phase.X.Count, strideY = g.StrideHeight, strideX = g.StrideWidth, targetWidth = g.InWidth;
        for (int c = 0; c < g.InChannels; c++)
        {
            var values = product.AsSpan(productOffset + c * pixels, pixels);
            for (int r = 0; r < tile.Rows; r++)
            {
                int y = phase.Y.FirstTarget + strideY * (tile.FirstRow + r);
                var line = target.AsSpan(checked((int)(sampleTarget + ((long)c * g.InHeight + y) * targetWidth)), targetWidth);
                var from = values.Slice(r * width, width);
                for (int n = 0, x = phase.X.FirstTarget; n < width; n++, x += strideX) line[x] = from[n];
            }
        }
    }
}
