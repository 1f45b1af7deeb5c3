using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// A convolution's weight gradient for one sample without im2col:
/// <c>gradW[o, (c, ky, kx)] = Σ_(y, x) gradOutput[o, y, x] · input[c, s·y + ky − p, s·x + kx − p]</c>, read
/// straight from the phase planes of <see cref="IndirectConv2d"/> as dot products of rows.
/// </summary>
/// <remarks>
/// <para>On the phase planes, every tap (c, ky, kx) is a fixed offset from an output's own position
/// (<see cref="IndirectConv2d"/>). Lay a tile of output rows on the padded grid, W′ floats per row, and
/// each weight's gradient over the tile is the dot product of two contiguous runs: the output
/// gradient's rows, copied with zeros in the overhang columns (x ≥ OW), and the tap's run of the
/// planes. The zeros make the overhang's positions add nothing, so no position needs a test.</para>
/// <para>The im2col form wrote a column matrix C·KH·KW rows deep per tile and packed it again for the
/// GEMM; on a thin layer (few output channels) each of those floats took part in only a handful of
/// multiply-adds, so copying, not multiplying, set the pace. Here nothing is copied but the tile's
/// planes and gradient rows.</para>
/// <para>Each weight's value is fixed by the shape alone: per tile, 16 lanes summed over the tile's
/// positions in order, the lanes then added (<see cref="Vector512.Sum{T}"/>), and the tiles added in
/// order. Samples are the callers' unit of parallelism, so the result does not depend on the thread
/// count. <see cref="Reference"/> computes the same sums one value at a time.</para>
/// </remarks>
internal static class IndirectWeightGradient
{
    /// <summary>Output channels per block of <see cref="DotBlock"/>.</summary>
    public const int ChannelBlock = 4;

    /// <summary>Taps (rows of the shared dimension) per block of <see cref="DotBlock"/>.</summary>
    public const int TapBlock = 6;

    /// <summary>Positions per step: one 512-bit vector.</summary>
    public const int Lanes = 16;

    /// <summary>
    /// The most output channels worth this form. Below it the im2col form's copies dominate: HDNet-lite's
    /// weight gradients at 128², batch 12, one thread, took 0.27–0.91 of their im2col time with 8 to 64
    /// output channels (a 4→8 3×3 layer 1.8 ms against 6.7). With 128 (the decoder's transposed layers
    /// seen from their gradient), the GEMM's register tile, fed from packed panels, ran 1.1–1.3 times
    /// faster than these dot products.
    /// </summary>
    public const int MaxChannels = 64;

    /// <summary>
    /// Floats of one tile's planes and gradient rows (768 KiB), inside the core's L2. Every block of
    /// channels and taps sweeps the whole tile, and its lanes are added once per tile, so longer tiles
    /// cost fewer additions: 192 K floats took 0.83 of the time of 64 K over HDNet-lite's layers at 128².
    /// </summary>
    private const int TileFloats = 3 << 16;

    /// <summary>
    /// Whether this kernel computes <paramref name="g"/>'s weight gradient: one group, no dilation, not a
    /// plain matrix product (whose GEMM needs no im2col), at most <see cref="MaxChannels"/> output
    /// channels, and 512-bit vectors.
    /// </summary>
    public static bool Applies(in ConvGeometry g)
        => g.OutChannels <= MaxChannels && g.Groups == 1 && g.DilationHeight == 1 && g.DilationWidth == 1 && !g.IsPointwise && g.Batch > 0
            && GemmKernelSelection.Current == GemmKernelKind.Vector512;

    /// <summary>
    /// One sample's weight gradient, overwriting <c>[OutChannels, ColumnRows]</c> floats of
    /// <paramref name="gradWeight"/> from <paramref name="gradWeightOffset"/>; single-threaded.
    /// </summary>
    /// <param name="g">The convolution; <see cref="Applies"/> must hold.</param>
    /// <param name="input"><c>[Batch, InChannels, InHeight, InWidth]</c>.</param>
    /// <param name="gradOutput"><c>[Batch, OutChannels, OutHeight, OutWidth]</c>.</param>
    /// <param name="sample">The sample.</param>
    /// <param name="gradWeight">Where the gradient goes.</param>
    /// <param name="gradWeightOffset">Its first float there.</param>
    public static unsafe void RunSample(in ConvGeometry g, float[] input, float[] gradOutput, int sample, float[] gradWeight, int gradWeightOffset)
    {
        var layout = TileLayout.For(g);
        int depth = g.ColumnRows;
        var target = gradWeight.AsSpan(gradWeightOffset, g.OutChannels * depth);
        target.Clear();
        int[] tapOffsets = PaddedTapOffsets(IndirectConv2d.TapOffsets(g, layout.Planes, layout.PlaneStride));
        float[] tileInput = PinnedBufferPool.Rent(layout.InputFloats);
        float[] tileGradient = PinnedBufferPool.Rent(layout.GradientFloats);
        try
        {
            float* sums = stackalloc float[ChannelBlock * TapBlock];
            // From 64-byte boundaries, so that the gradient rows' loads never straddle two cache lines.
            float* planesBase = PinnedBufferPool.AlignedStart(tileInput), gradientBase = PinnedBufferPool.AlignedStart(tileGradient);
            var planes = new Span<float>(planesBase, checked((int)layout.InputFloats));
            var gradientRows = new Span<float>(gradientBase, checked((int)layout.GradientFloats));
            // The gaps between planes, the slack past the last and the padding channels are read (and
            // met by zeros) but never written: zero them once.
            planes.Clear();
            gradientRows.Clear();
            fixed (int* offsets = tapOffsets)
                for (int firstRow = 0; firstRow < g.OutHeight; firstRow += layout.RowsPerTile)
                {
                    int rows = Math.Min(layout.RowsPerTile, g.OutHeight - firstRow);
                    IndirectConv2d.CopyTileRows(g, layout.Planes, input, sample, firstRow, rows + layout.ExtraRows, planes, layout.PlaneStride);
                    int steps = CopyGradientRows(g, layout, gradOutput, sample, firstRow, rows, gradientRows);
                    for (int o0 = 0; o0 < g.OutChannels; o0 += ChannelBlock)
                        for (int t0 = 0; t0 < depth; t0 += TapBlock)
                        {
                            DotBlock(gradientBase + (long)o0 * layout.GradientStride, layout.GradientStride, planesBase, offsets + t0, steps, sums);
                            AddBlock(sums, o0, t0, g.OutChannels, depth, target);
                        }
                }
        }
        finally
        {
            PinnedBufferPool.Return(tileInput);
            PinnedBufferPool.Return(tileGradient);
        }
    }

    /// <summary>
    /// Where a sample's tiles lie: phase planes of <see cref="PlaneStride"/> floats per input channel and
    /// phase, then gradient rows of <see cref="GradientStride"/> floats per output channel (rounded up to
    /// <see cref="ChannelBlock"/> channels), <see cref="RowsPerTile"/> output rows at a time.
    /// </summary>
    private readonly record struct TileLayout(IndirectConv2d.PhasePlanes Planes, int RowsPerTile, int ExtraRows, int PlaneStride,
        int GradientStride, long InputFloats, long GradientFloats)
    {
        public static TileLayout For(in ConvGeometry g)
        {
            var planes = IndirectConv2d.PhasePlanes.For(g);
            int extraRows = (g.KernelHeight - 1) / g.StrideHeight, extraColumns = (g.KernelWidth - 1) / g.StrideWidth;
            int planeCount = g.InChannels * g.StrideHeight * g.StrideWidth;
            int channelRows = RoundUp(g.OutChannels, ChannelBlock);
            // The tile's planes and gradient rows together stay in the core's L2.
            long floatsPerRow = (long)(planeCount + channelRows) * planes.Width;
            long budget = ConvGeometry.ForcedColumnBudgetFloats ?? TileFloats;
            int rowsPerTile = (int)Math.Clamp(budget / floatsPerRow - extraRows, 1, g.OutHeight);
            int planeStride = IndirectConvolution.PlaneStride((rowsPerTile + extraRows) * planes.Width);
            int gradientStride = IndirectConvolution.PlaneStride(RoundUp(rowsPerTile * planes.Width, Lanes));
            // A block reads each tap's run up to a whole vector past the tile's last position, and taps
            // start up to extraColumns past their row: slack past the last plane covers both.
            long inputFloats = (long)planeCount * planeStride + extraColumns + Lanes;
            return new TileLayout(planes, rowsPerTile, extraRows, planeStride, gradientStride, inputFloats, (long)channelRows * gradientStride);
        }
    }

    /// <summary>
    /// Copies output rows <c>[firstRow, firstRow + rows)</c> of one sample's gradient onto the padded grid,
    /// zero in the overhang columns and after the last position up to a whole step; returns the steps
    /// of <see cref="Lanes"/> positions the tile takes.
    /// </summary>
    private static int CopyGradientRows(in ConvGeometry g, in TileLayout layout, float[] gradOutput, int sample, int firstRow, int rows, Span<float> tileGradient)
    {
        int width = layout.Planes.Width, positions = rows * width, steps = (positions + Lanes - 1) / Lanes;
        for (int o = 0; o < g.OutChannels; o++)
        {
            var to = tileGradient.Slice(o * layout.GradientStride, steps * Lanes);
            var from = gradOutput.AsSpan(((sample * g.OutChannels + o) * g.OutHeight + firstRow) * g.OutWidth, rows * g.OutWidth);
            for (int r = 0; r < rows; r++)
            {
                from.Slice(r * g.OutWidth, g.OutWidth).CopyTo(to.Slice(r * width));
                to.Slice(r * width + g.OutWidth, width - g.OutWidth).Clear();
            }
            to[positions..].Clear();
        }
        return steps;
    }

    /// <summary>The taps' offsets, padded to whole blocks with the first tap's (its sums are computed and dropped).</summary>
    private static int[] PaddedTapOffsets(int[] offsets)
    {
        var padded = new int[RoundUp(offsets.Length, TapBlock)];
        offsets.CopyTo(padded, 0);
        padded.AsSpan(offsets.Length).Fill(offsets[0]);
        return padded;
    }

    /// <summary>Adds a block's sums to the gradient, skipping the padding channels and taps.</summary>
    private static unsafe void AddBlock(float* sums, int o0, int t0, int channels, int depth, Span<float> target)
    {
        int oEnd = Math.Min(ChannelBlock, channels - o0), tEnd = Math.Min(TapBlock, depth - t0);
        for (int i = 0; i < oEnd; i++)
            for (int j = 0; j < tEnd; j++)
                target[(o0 + i) * depth + t0 + j] += sums[i * TapBlock + j];
    }

    /// <summary>
    /// <c>sums[i, j] = Σ_u a[i·aStride + u] · b[tapOffsets[j] + u]</c> for 4 rows of a and 6 taps, over
    /// <paramref name="steps"/> steps of 16 positions: 24 accumulators, 10 loads per 24 fused multiply-adds.
    /// Each sum runs in 16 lanes (lane l takes positions u ≡ l mod 16, in order), then the lanes are added.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void DotBlock(float* a, int aStride, float* b, int* tapOffsets, int steps, float* sums)
    {
        Vector512<float> s00 = default, s01 = default, s02 = default, s03 = default, s04 = default, s05 = default;
        Vector512<float> s10 = default, s11 = default, s12 = default, s13 = default, s14 = default, s15 = default;
        Vector512<float> s20 = default, s21 = default, s22 = default, s23 = default, s24 = default, s25 = default;
        Vector512<float> s30 = default, s31 = default, s32 = default, s33 = default, s34 = default, s35 = default;
        float* a0 = a, a1 = a + aStride, a2 = a + 2 * aStride, a3 = a + 3 * aStride;
        float* b0 = b + tapOffsets[0], b1 = b + tapOffsets[1], b2 = b + tapOffsets[2];
        float* b3 = b + tapOffsets[3], b4 = b + tapOffsets[4], b5 = b + tapOffsets[5];
        for (int u = 0; u < steps * Lanes; u += Lanes)
        {
            var x0 = Vector512.Load(a0 + u);
            var x1 = Vector512.Load(a1 + u);
            var x2 = Vector512.Load(a2 + u);
            var x3 = Vector512.Load(a3 + u);
            var y = Vector512.Load(b0 + u);
            s00 = Vector512.FusedMultiplyAdd(x0, y, s00);
            s10 = Vector512.FusedMultiplyAdd(x1, y, s10);
            s20 = Vector512.FusedMultiplyAdd(x2, y, s20);
            s30 = Vector512.FusedMultiplyAdd(x3, y, s30);
            y = Vector512.Load(b1 + u);
            s01 = Vector512.FusedMultiplyAdd(x0, y, s01);
            s11 = Vector512.FusedMultiplyAdd(x1, y, s11);
            s21 = Vector512.FusedMultiplyAdd(x2, y, s21);
            s31 = Vector512.FusedMultiplyAdd(x3, y, s31);
            y = Vector512.Load(b2 + u);
            s02 = Vector512.FusedMultiplyAdd(x0, y, s02);
            s12 = Vector512.FusedMultiplyAdd(x1, y, s12);
            s22 = Vector512.FusedMultiplyAdd(x2, y, s22);
            s32 = Vector512.FusedMultiplyAdd(x3, y, s32);
            y = Vector512.Load(b3 + u);
            s03 = Vector512.FusedMultiplyAdd(x0, y, s03);
            s13 = Vector512.FusedMultiplyAdd(x1, y, s13);
            s23 = Vector512.FusedMultiplyAdd(x2, y, s23);
            s33 = Vector512.FusedMultiplyAdd(x3, y, s33);
            y = Vector512.Load(b4 + u);
            s04 = Vector512.FusedMultiplyAdd(x0, y, s04);
            s14 = Vector512.FusedMultiplyAdd(x1, y, s14);
            s24 = Vector512.FusedMultiplyAdd(x2, y, s24);
            s34 = Vector512.FusedMultiplyAdd(x3, y, s34);
            y = Vector512.Load(b5 + u);
            s05 = Vector512.FusedMultiplyAdd(x0, y, s05);
            s15 = Vector512.FusedMultiplyAdd(x1, y, s15);
            s25 = Vector512.FusedMultiplyAdd(x2, y, s25);
            s35 = Vector512.FusedMultiplyAdd(x3, y, s35);
        }
        StoreSums(sums, s00, s01, s02, s03, s04, s05);
        StoreSums(sums + TapBlock, s10, s11, s12, s13, s14, s15);
        StoreSums(sums + 2 * TapBlock, s20, s21, s22, s23, s24, s25);
        StoreSums(sums + 3 * TapBlock, s30, s31, s32, s33, s34, s35);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreSums(float* row, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2,
        Vector512<float> v3, Vector512<float> v4, Vector512<float> v5)
    {
        row[0] = Vector512.Sum(v0);
        row[1] = Vector512.Sum(v1);
        row[2] = Vector512.Sum(v2);
        row[3] = Vector512.Sum(v3);
        row[4] = Vector512.Sum(v4);
        row[5] = Vector512.Sum(v5);
    }

    /// <summary>
    /// The plain form of <see cref="DotBlock"/>, one sum at a time: per lane a chain of fused multiply-adds
    /// over its positions, then the lanes added as <see cref="Vector512.Sum{T}"/> adds them (for tests and for reading).
    /// </summary>
    public static unsafe void Reference(float* a, int aStride, float* b, int* tapOffsets, int steps, float* sums)
    {
        Span<float> lanes = stackalloc float[Lanes];
        for (int i = 0; i < ChannelBlock; i++)
            for (int j = 0; j < TapBlock; j++)
            {
                lanes.Clear();
                for (int u = 0; u < steps * Lanes; u++)
                    lanes[u % Lanes] = MathF.FusedMultiplyAdd(a[i * aStride + u], b[tapOffsets[j] + u], lanes[u % Lanes]);
                sums[i * TapBlock + j] = Vector512.Sum(Vector512.Create((ReadOnlySpan<float>)lanes));
            }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
