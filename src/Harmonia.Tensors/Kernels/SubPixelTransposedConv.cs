using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// A convolution's input gradient, which is also a transposed convolution's forward pass, by
/// sub-pixel decomposition. With stride s the target pixels fall into s×s phases by their
/// position modulo s, and every pixel of one phase is reached by the same kernel taps: those
/// whose index has the phase's residue, ⌈K/s⌉ a side. Each phase is therefore an ordinary
/// stride-1 correlation of the source planes with a small sub-kernel, and its values go to every
/// s-th target pixel. Stride 1 is a single phase: the convolution with the filters transposed and
/// rotated.
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
/// The correlation needs no column matrix: each tile copies the source rows it reads into
/// zero-padded planes of its own, and <see cref="IndirectMicroKernel"/> reads each tap's row straight
/// from them through a table of offsets (<see cref="IndirectConvolution"/>). It replaces, for thin
/// layers on machines with 512-bit vectors, the GEMM-then-scatter form of <see cref="ConvolutionCore"/>
/// (a column of OutChannels·K² rows per source pixel, added onto overlapping windows of the target),
/// which wide layers, grouped or dilated ones and other machines keep. Here no target value is written twice and tiles are independent, each on one core. Every
/// target value is one chain of multiply-adds over the sub-kernel in a fixed order, so the tiling and
/// the thread count do not change it.
/// </para>
/// </remarks>
internal static class SubPixelTransposedConv
{
    /// <summary>
    /// Whether this kernel computes <paramref name="g"/>'s input gradient: one group, no dilation, not
    /// a plain matrix product, sub-kernels within <see cref="IndirectConvolution.MaxWeightFloats"/>, and
    /// 512-bit vectors for the micro-kernel.
    /// </summary>
    public static bool Applies(in ConvGeometry g)
    {
        if (g.Groups != 1 || g.DilationHeight != 1 || g.DilationWidth != 1 || g.IsPointwise || g.Batch == 0) return false;
        if (GemmKernelSelection.Current != GemmKernelKind.Vector512) return false;
        long tapsY = (g.KernelHeight + g.StrideHeight - 1) / g.StrideHeight, tapsX = (g.KernelWidth + g.StrideWidth - 1) / g.StrideWidth;
        return (long)g.InChannels * g.OutChannels * tapsY * tapsX <= IndirectConvolution.MaxWeightFloats;
    }

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
    private readonly record struct Tile(int Sample, int FirstRow, int Rows);

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
        => RunIndirect(g, Phases(g), source, weight, channelStart, target);

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
    /// Each phase's sub-kernel as a matrix: row c (target channel), column (o, jy, jx) in the order of
    /// the phase's tap offsets, holding the tap <c>(r_y + s·(T_y − 1 − jy), r_x + s·(T_x − 1 − jx))</c> of W[o, c].
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

    /// <summary>
    /// The zero-padded source's geometry: its first row and column in source coordinates (negative
    /// where it starts in the padding) and its width, covering every column any phase reads. Tiles
    /// copy their rows of it, never the whole.
    /// </summary>
    private readonly record struct PaddedSource(int Top, int Left, int Width)
    {
        public static PaddedSource For(Phase[] phases)
        {
            int top = int.MaxValue, left = int.MaxValue, right = int.MinValue;
            foreach (var phase in phases)
            {
                if (phase.Y.Taps == 0 || phase.X.Taps == 0) continue;
                top = Math.Min(top, phase.Y.FirstSource);
                left = Math.Min(left, phase.X.FirstSource);
                right = Math.Max(right, phase.X.FirstSource + phase.X.Count + phase.X.Taps - 1);
            }
            return top == int.MaxValue ? new PaddedSource(0, 0, 0) : new PaddedSource(top, left, right - left);
        }
    }

    /// <summary>
    /// Rearranges and packs each phase's sub-kernel, then runs the tiles in parallel. A tile is some
    /// rows of every phase's grid: it copies the padded source rows they read into a buffer of its own
    /// (which stays in the core's L2), then computes each phase from it and writes the phase's pixels,
    /// so the tile's target rows are finished while in cache. Positions are those of the padded
    /// grid, a row of which is wider than the phase's row by the taps' overhang; the few positions in
    /// the overhang are computed and dropped.
    /// </summary>
    private static unsafe void RunIndirect(ConvGeometry g, Phase[] phases, float[] source, float[] weight, float[]? channelStart, float[] target)
    {
        var pad = PaddedSource.For(phases);
        int sourceChannels = g.OutChannels, targetChannels = g.InChannels;
        var packedOffsets = new long[phases.Length];
        long packedFloats = 0;
        int gridRows = 0, span = 0;
        for (int p = 0; p < phases.Length; p++)
        {
            packedOffsets[p] = packedFloats;
            packedFloats += IndirectConvolution.PackedFloats(targetChannels, phases[p].Depth(sourceChannels));
            gridRows = Math.Max(gridRows, phases[p].Y.Count);
            // Padded rows a tile reads past its own rows: the phase's start below the padding's top, and its taps.
            if (phases[p].Depth(sourceChannels) > 0) span = Math.Max(span, phases[p].Y.FirstSource - pad.Top + phases[p].Y.Taps - 1);
        }
        int rowsPerTile = IndirectConvolution.RowsPerTile((long)sourceChannels * pad.Width, span, (long)g.Batch * gridRows);
        int tileHeight = rowsPerTile + span;
        int planeStride = IndirectConvolution.PlaneStride(tileHeight * pad.Width);
        long tileFloats = (long)sourceChannels * planeStride + IndirectConvolution.Slack;
        int tilesPerSample = (gridRows + rowsPerTile - 1) / rowsPerTile;
        float[] subKernels = PinnedBufferPool.Rent(phases.Sum(phase => (long)targetChannels * phase.Depth(sourceChannels)));
        float[] packed = PinnedBufferPool.Rent(packedFloats);
        try
        {
            RearrangeWeights(g, weight, phases, subKernels);
            var rowOffsets = new int[phases.Length][];
            for (int p = 0; p < phases.Length; p++)
            {
                int depth = phases[p].Depth(sourceChannels);
                IndirectConvolution.PackWeights(subKernels.AsSpan(phases[p].WeightOffset, targetChannels * depth), targetChannels, depth,
                    packed.AsSpan(checked((int)packedOffsets[p])));
                rowOffsets[p] = TapOffsets(phases[p], sourceChannels, pad.Width, planeStride);
            }
            ParallelRange.For(g.Batch * tilesPerSample, 1, (start, end) =>
            {
                float[] tileSource = PinnedBufferPool.Rent(tileFloats);
                try
                {
                    fixed (float* tileBase = tileSource, packedBase = packed)
                        for (int i = start; i < end; i++)
                        {
                            int sample = i / tilesPerSample, firstRow = i % tilesPerSample * rowsPerTile;
                            CopyTileRows(g, pad, source, sample, firstRow, tileHeight, tileSource, planeStride);
                            for (int p = 0; p < phases.Length; p++)
                            {
                                int rows = Math.Min(rowsPerTile, phases[p].Y.Count - firstRow);
                                if (rows <= 0) continue;
                                var tile = new Tile(sample, firstRow, rows);
                                fixed (int* offsets = rowOffsets[p])
                                    RunTile(g, pad, phases[p], tile, tileBase, packedBase + packedOffsets[p], offsets, channelStart, target);
                            }
                        }
                }
                finally
                {
                    PinnedBufferPool.Return(tileSource);
                }
            });
        }
        finally
        {
            PinnedBufferPool.Return(subKernels);
            PinnedBufferPool.Return(packed);
        }
    }

    /// <summary>
    /// Copies padded rows <c>[firstRow, firstRow + height)</c> of every source plane of one sample into
    /// the tile's buffer, a plane every <paramref name="planeStride"/> floats; rows and columns outside
    /// the source are zero.
    /// </summary>
    private static void CopyTileRows(in ConvGeometry g, PaddedSource pad, float[] source, int sample, int firstRow, int height, float[] tileSource, int planeStride)
    {
        for (int o = 0; o < g.OutChannels; o++)
            IndirectConvolution.CopyPaddedRows(source.AsSpan((sample * g.OutChannels + o) * g.OutPlane, g.OutPlane), g.OutHeight, g.OutWidth,
                pad.Top, pad.Left, 1, 1, firstRow, height, pad.Width, tileSource.AsSpan(o * planeStride, height * pad.Width));
    }

    /// <summary>Where each column row (o, jy, jx) of a phase reads in the tile's padded planes, relative to the position's own place.</summary>
    private static int[] TapOffsets(in Phase phase, int sourceChannels, int paddedWidth, int planeStride)
    {
        int ty = phase.Y.Taps, tx = phase.X.Taps;
        var offsets = new int[sourceChannels * ty * tx];
        for (int o = 0; o < sourceChannels; o++)
            for (int jy = 0; jy < ty; jy++)
                for (int jx = 0; jx < tx; jx++)
                    offsets[(o * ty + jy) * tx + jx] = o * planeStride + jy * paddedWidth + jx;
        return offsets;
    }

    /// <summary>
    /// One phase of one tile: its rows of the tile's padded planes through the shared micro-kernel loop,
    /// values to every s-th target pixel. The tile's buffer starts at padded row <c>tile.FirstRow</c>.
    /// </summary>
    private static unsafe void RunTile(in ConvGeometry g, PaddedSource pad, in Phase phase, Tile tile, float* tileSource, float* packed,
        int* rowOffsets, float[]? channelStart, float[] target)
    {
        int depth = phase.Depth(g.OutChannels);
        long sampleTarget = (long)tile.Sample * g.InChannels * g.InPlane;
        if (depth == 0)
        {
            FillTilePixels(g, phase, tile, channelStart, target, sampleTarget);
            return;
        }
        float* b = tileSource + (long)(phase.Y.FirstSource - pad.Top) * pad.Width + (phase.X.FirstSource - pad.Left);
        var grid = new IndirectConvolution.TargetGrid(phase.Y.FirstTarget, g.StrideHeight, phase.X.FirstTarget, g.StrideWidth, phase.X.Count,
            g.InWidth, g.InPlane, g.InChannels);
        IndirectConvolution.RunTile(depth, packed, rowOffsets, b, pad.Width, tile.FirstRow, tile.Rows, grid, channelStart, target, sampleTarget);
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
