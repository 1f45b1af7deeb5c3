using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// The forward pass of a 3×3, stride-1, padding-1 convolution by Winograd's minimal filtering
/// F(2×2, 3×3) (Lavin and Gray, 2016): each 2×2 block of output comes from a 4×4 block of input
/// through 16 products instead of 36. Per 4×4 input tile d and 3×3 filter g:
/// <c>U = G g Gᵀ</c>, <c>V = Bᵀ d B</c>, <c>Y = Aᵀ (U ⊙ V) A</c>, and the sum over input channels of
/// U ⊙ V is, for each of the 16 positions ξ, one matrix product <c>M[ξ] (Cout × tiles) = U[ξ] (Cout × Cin) · V[ξ] (Cin × tiles)</c>.
/// </summary>
/// <remarks>
/// With <c>Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]</c>, <c>G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]</c> and
/// <c>Aᵀ = [1 1 1 0; 0 1 −1 −1]</c>. The arithmetic differs from the direct sum by rounding only
/// (a few ulps for the values a network carries). Tiles are processed in chunks whose size depends
/// on the shape alone, and every output is one fixed sequence of operations, so results do not
/// depend on the thread count. Used where both channel counts are large enough for the 16
/// products to be real matrix products: the forward pass of such convolutions, and the input
/// gradients and transposed convolutions that are such convolutions (see <see cref="Forward"/>'s
/// weight layouts); weight gradients use the direct kernels.
/// </remarks>
internal static class WinogradConv3x3
{
    /// <summary>
    /// Channel counts below this leave the 16 matrix products too shallow to pay for the
    /// transforms (measured on PHNet's layers: 128→64 at 64² ran at 35 GFLOP/s-equivalent against
    /// 40 direct; 256→128 at 58 against 48).
    /// </summary>
    public const int MinChannels = 128;

    /// <summary>
    /// Tiles per chunk when the batch has more: each chunk repacks the 16 transformed filter
    /// matrices, so chunks must be wide (transformed input per chunk: 16·Cin·1024 floats).
    /// </summary>
    private const int ChunkTiles = 1024;

    /// <summary>Whether <paramref name="s"/> is a convolution this kernel computes.</summary>
    public static bool Applies(in Conv2dShape s)
        => s.KernelHeight == 3 && s.KernelWidth == 3 && s.StrideHeight == 1 && s.StrideWidth == 1
            && s.PaddingHeight == 1 && s.PaddingWidth == 1 && s.DilationHeight == 1 && s.DilationWidth == 1
            && s.Groups == 1 && s.InChannels >= MinChannels && s.OutChannels >= MinChannels
            && s.InHeight >= 2 && s.InWidth >= 2;

    /// <summary>
    /// <c>output = conv3×3(input, weight) + bias</c> for a shape that <see cref="Applies"/>; overwrites output.
    /// </summary>
    /// <param name="s">The convolution.</param>
    /// <param name="input"><c>[Batch, InChannels, H, W]</c>.</param>
    /// <param name="weight">
    /// <c>[OutChannels, InChannels, 3, 3]</c>; or, with <paramref name="transposedFlipped"/>, a
    /// <c>[InChannels, OutChannels, 3, 3]</c> tensor W whose filter for (o, c) is W[c, o] rotated by
    /// 180°. That form makes the same kernel compute a 3×3 stride-1 padding-1 transposed convolution,
    /// and the input gradient of a convolution, which are both such a convolution.
    /// </param>
    /// <param name="bias"><c>[OutChannels]</c>, or null.</param>
    /// <param name="output"><c>[Batch, OutChannels, H, W]</c>.</param>
    /// <param name="transposedFlipped">Read the weight in the transposed, rotated layout.</param>
    public static void Forward(in Conv2dShape s, float[] input, float[] weight, float[]? bias, float[] output, bool transposedFlipped = false)
    {
        int cin = s.InChannels, cout = s.OutChannels, height = s.InHeight, width = s.InWidth;
        int tileRows = (height + 1) / 2, tileColumns = (width + 1) / 2, tiles = tileRows * tileColumns;
        // Tiles are numbered across the batch, so small images of a batch share one chunk's products.
        long allTiles = (long)s.Batch * tiles;
        int chunk = (int)Math.Min(allTiles, ChunkTiles);

        float[] u = PinnedBufferPool.Rent(16L * cout * cin);
        float[] v = PinnedBufferPool.Rent(16L * cin * chunk);
        float[] m = PinnedBufferPool.Rent(16L * cout * chunk);
        try
        {
            TransformWeights(weight, cout, cin, transposedFlipped, u);
            var layout = new TileLayout(height, width, tileColumns, tiles);
            for (long first = 0; first < allTiles; first += chunk)
            {
                int count = (int)Math.Min(chunk, allTiles - first);
                TransformInput(input, cin, layout, first, count, v);
                for (int xi = 0; xi < 16; xi++)
                    Sgemm.Multiply(new GemmOperands(false, false, cout, count, cin, u, xi * cout * cin, cin,
                        v, xi * cin * count, count, m, xi * cout * count, count, Accumulate: false), allowParallel: true);
                TransformOutput(m, cout, count, first, layout, bias, output);
            }
        }
        finally
        {
            PinnedBufferPool.Return(u);
            PinnedBufferPool.Return(v);
            PinnedBufferPool.Return(m);
        }
    }

    /// <summary>
    /// u[ξ, o, c] = (G g Gᵀ)[ξ] for each filter g: weight[o, c], or weight[c, o] rotated by 180°
    /// when <paramref name="transposedFlipped"/>.
    /// </summary>
    private static unsafe void TransformWeights(float[] weight, int cout, int cin, bool transposedFlipped, float[] u)
    {
        int plane = cout * cin;
        // Where filter (o, c) starts, how far the next c's filter is, and which way its taps run.
        long FilterStart(int oc) => transposedFlipped ? ((long)(oc % cin) * cout + oc / cin) * 9 + 8 : (long)oc * 9;
        int nextFilter = transposedFlipped ? 9 * cout : 9, tapStep = transposedFlipped ? -1 : 1;
        ParallelRange.For(plane, ParallelRange.ChunkSize(plane, 256), (start, end) =>
        {
            fixed (float* g = weight)
            fixed (float* target = u)
            {
                var filterStarts = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * nextFilter;
                for (int oc = start; oc < end;)
                {
                    float* filter = g + FilterStart(oc);
                    // Eight filters of one output channel at a time, fetched tap by tap.
                    if (Avx2.IsSupported && oc + 8 <= end && oc % cin + 8 <= cin)
                    {
                        var f8 = new Filter9<Lane8>();
                        for (int k = 0; k < 9; k++) f8[k] = new Lane8(Avx2.GatherVector256(filter + k * tapStep, filterStarts, 4));
                        TransformFilter(f8, target + oc, plane);
                        oc += 8;
                        continue;
                    }
                    var f1 = new Filter9<Lane1>();
                    for (int k = 0; k < 9; k++) f1[k] = new Lane1(filter[k * tapStep]);
                    TransformFilter(f1, target + oc, plane);
                    oc++;
                }
            }
        });
    }

    /// <summary>
    /// <c>G g Gᵀ</c> for one filter (T = float) or eight side by side (T = 8-lane vector), written to
    /// the 16 matrices <paramref name="plane"/> floats apart. The same operations in the same order
    /// either way, so a filter's transform does not depend on which path computed it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void TransformFilter<TLanes>(Filter9<TLanes> g, float* u, int plane) where TLanes : struct, ILanes<TLanes>
    {
        var half = TLanes.Splat(0.5f);
        for (int i = 0; i < 4; i++)
        {
            // Row i of G g (G's rows: [1 0 0], [½ ½ ½], [½ −½ ½], [0 0 1]) ...
            TLanes a, b, c;
            switch (i)
            {
                case 0: a = g[0]; b = g[1]; c = g[2]; break;
                case 1:
                    a = half * (g[0] + g[3] + g[6]); b = half * (g[1] + g[4] + g[7]); c = half * (g[2] + g[5] + g[8]);
                    break;
                case 2:
                    a = half * (g[0] - g[3] + g[6]); b = half * (g[1] - g[4] + g[7]); c = half * (g[2] - g[5] + g[8]);
                    break;
                default: a = g[6]; b = g[7]; c = g[8]; break;
            }
            // ... times Gᵀ.
            TLanes.Store(a, u + (4 * i) * (long)plane);
            TLanes.Store(half * (a + b + c), u + (4 * i + 1) * (long)plane);
            TLanes.Store(half * (a - b + c), u + (4 * i + 2) * (long)plane);
            TLanes.Store(c, u + (4 * i + 3) * (long)plane);
        }
    }

    /// <summary>v[ξ, c, t] = (Bᵀ d B)[ξ] for the 4×4 input tile d of chunk tile t (zero outside the image).</summary>
    /// <remarks>
    /// Each tile row's four input rows are first copied into a zero-bordered strip, so tiles need
    /// no bounds checks; tile j then starts at strip column 2j. Eight neighbouring tiles of a row
    /// are transformed together: their columns 0 and 1 are the even and odd values of strip columns
    /// [2j, 2j+16), columns 2 and 3 those of [2j+2, 2j+18).
    /// </remarks>
    private static unsafe void TransformInput(float[] input, int cin, TileLayout layout, long first, int count, float[] v)
    {
        int height = layout.Height, width = layout.Width, tileColumns = layout.TileColumns;
        int stride = cin * count, stripWidth = 2 * tileColumns + 2;
        ParallelRange.For(cin, 1, (c0, c1) =>
        {
            float[] strip = ArrayPool<float>.Shared.Rent(4 * stripWidth);
            try
            {
                fixed (float* rows = strip)
                fixed (float* source = input)
                fixed (float* target = v)
                {
                    for (int c = c0; c < c1; c++)
                    {
                        for (int t = 0; t < count;)
                        {
                            // A run of tiles along one tile row (a sample holds whole rows, so never two samples).
                            var (sample, tileRow, j) = layout.Locate(first + t);
                            float* plane = source + ((long)sample * cin + c) * height * width;
                            int rowEnd = Math.Min(count, t + tileColumns - j);
                            FillStrip(plane, height, width, tileRow * 2 - 1, rows, stripWidth);
                            float* at = target + (long)c * count;
                            if (Avx2.IsSupported)
                                for (; t + 8 <= rowEnd; t += 8, j += 8)
                                    TransformTile(Tile8(rows + 2 * j, stripWidth), at + t, stride);
                            for (; t < rowEnd; t++, j++)
                                TransformTile(Tile1(rows + 2 * j, stripWidth), at + t, stride);
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(strip);
            }
        });
    }

    /// <summary>Copies input rows top..top+3 into the strip, shifted one column right, with zeros outside the image.</summary>
    private static unsafe void FillStrip(float* plane, int height, int width, int top, float* strip, int stripWidth)
    {
        for (int i = 0; i < 4; i++)
        {
            float* row = strip + i * stripWidth;
            int y = top + i;
            if (y < 0 || y >= height)
            {
                new Span<float>(row, stripWidth).Clear();
                continue;
            }
            row[0] = 0f;
            new ReadOnlySpan<float>(plane + (long)y * width, width).CopyTo(new Span<float>(row + 1, width));
            new Span<float>(row + 1 + width, stripWidth - 1 - width).Clear();
        }
    }

    /// <summary>The 4×4 tile at strip column <paramref name="left"/>: d[i, k] = strip[i, left + k].</summary>
    private static unsafe Tile16<Lane1> Tile1(float* left, int stripWidth)
    {
        var d = new Tile16<Lane1>();
        for (int i = 0; i < 4; i++)
            for (int k = 0; k < 4; k++) d[4 * i + k] = new Lane1(left[i * stripWidth + k]);
        return d;
    }

    /// <summary>Eight tiles side by side (starting two strip columns apart) as 8-lane vectors.</summary>
    private static unsafe Tile16<Lane8> Tile8(float* left, int stripWidth)
    {
        var d = new Tile16<Lane8>();
        for (int i = 0; i < 4; i++)
        {
            float* row = left + i * stripWidth;
            var (even0, odd0) = VectorShuffles.Deinterleave(Vector256.Load(row), Vector256.Load(row + 8));
            var (even2, odd2) = VectorShuffles.Deinterleave(Vector256.Load(row + 2), Vector256.Load(row + 10));
            d[4 * i] = new Lane8(even0);
            d[4 * i + 1] = new Lane8(odd0);
            d[4 * i + 2] = new Lane8(even2);
            d[4 * i + 3] = new Lane8(odd2);
        }
        return d;
    }

    /// <summary><c>Bᵀ d B</c> for one tile or eight, written to the 16 matrices <paramref name="stride"/> floats apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void TransformTile<TLanes>(Tile16<TLanes> d, float* v, int stride) where TLanes : struct, ILanes<TLanes>
    {
        // Bᵀ d, column by column.
        var e = new Tile16<TLanes>();
        for (int k = 0; k < 4; k++)
        {
            TLanes d0 = d[k], d1 = d[4 + k], d2 = d[8 + k], d3 = d[12 + k];
            e[k] = d0 - d2;
            e[4 + k] = d1 + d2;
            e[8 + k] = d2 - d1;
            e[12 + k] = d1 - d3;
        }
        // (Bᵀ d) B, row by row, into the 16 matrices.
        for (int i = 0; i < 4; i++)
        {
            TLanes r0 = e[4 * i], r1 = e[4 * i + 1], r2 = e[4 * i + 2], r3 = e[4 * i + 3];
            TLanes.Store(r0 - r2, v + (4 * i) * (long)stride);
            TLanes.Store(r1 + r2, v + (4 * i + 1) * (long)stride);
            TLanes.Store(r2 - r1, v + (4 * i + 2) * (long)stride);
            TLanes.Store(r1 - r3, v + (4 * i + 3) * (long)stride);
        }
    }

    /// <summary>output[o, 2×2 block of tile t] = Aᵀ m[·, o, t] A + bias[o], clipped to the image.</summary>
    /// <remarks>Eight neighbouring tiles whose 16×2 output block lies inside the image are finished together.</remarks>
    private static unsafe void TransformOutput(float[] m, int cout, int count, long first, TileLayout layout, float[]? bias, float[] output)
    {
        int height = layout.Height, width = layout.Width, stride = cout * count;
        ParallelRange.For(cout, 1, (o0, o1) =>
        {
            fixed (float* products = m)
            fixed (float* target = output)
            {
                for (int o = o0; o < o1; o++)
                {
                    float b = bias?[o] ?? 0f;
                    float* at = products + (long)o * count;
                    for (int t = 0; t < count;)
                    {
                        var (sample, tileRow, tileColumn) = layout.Locate(first + t);
                        float* plane = target + ((long)sample * cout + o) * height * width;
                        int y = tileRow * 2, x = tileColumn * 2;
                        if (Avx2.IsSupported && t + 8 <= count && x + 16 <= width && y + 2 <= height)
                        {
                            var (top, bottom) = OutputBlock(at + t, stride, new Lane8(Vector256.Create(b)));
                            StoreInterleaved(top, plane + (long)y * width + x);
                            StoreInterleaved(bottom, plane + (long)(y + 1) * width + x);
                            t += 8;
                            continue;
                        }
                        var (top1, bottom1) = OutputBlock(at + t, stride, new Lane1(b));
                        for (int i = 0; i < 2 && y + i < height; i++)
                        {
                            var (left, right) = i == 0 ? top1 : bottom1;
                            float* row = plane + (long)(y + i) * width + x;
                            row[0] = left.Value;
                            if (x + 1 < width) row[1] = right.Value;
                        }
                        t++;
                    }
                }
            }
        });
    }

    /// <summary>
    /// <c>Aᵀ M A + bias</c> for one tile or eight: the left and right output columns of the top and
    /// bottom output rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe ((TLanes Left, TLanes Right) Top, (TLanes Left, TLanes Right) Bottom) OutputBlock<TLanes>(float* m, int stride, TLanes bias)
        where TLanes : struct, ILanes<TLanes>
    {
        // Aᵀ M: 2×4.
        var s = new Tile16<TLanes>();
        for (int k = 0; k < 4; k++)
        {
            TLanes m0 = TLanes.Load(m + k * (long)stride), m1 = TLanes.Load(m + (4 + k) * (long)stride);
            TLanes m2 = TLanes.Load(m + (8 + k) * (long)stride), m3 = TLanes.Load(m + (12 + k) * (long)stride);
            s[k] = m0 + m1 + m2;
            s[4 + k] = m1 - m2 - m3;
        }
        // (Aᵀ M) A.
        return ((s[0] + s[1] + s[2] + bias, s[1] - s[2] - s[3] + bias),
                (s[4] + s[5] + s[6] + bias, s[5] - s[6] - s[7] + bias));
    }

    /// <summary>Writes left[0], right[0], left[1], right[1], … : 16 consecutive floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreInterleaved((Lane8 Left, Lane8 Right) pair, float* row)
    {
        var low = Avx.UnpackLow(pair.Left.Value, pair.Right.Value);   // l0 r0 l1 r1 | l4 r4 l5 r5
        var high = Avx.UnpackHigh(pair.Left.Value, pair.Right.Value); // l2 r2 l3 r3 | l6 r6 l7 r7
        Avx.Permute2x128(low, high, 0x20).Store(row);
        Avx.Permute2x128(low, high, 0x31).Store(row + 8);
    }

    /// <summary>Where the tiles of a batch lie: tile numbers run over the batch, row by row within each image.</summary>
    private readonly record struct TileLayout(int Height, int Width, int TileColumns, int TilesPerSample)
    {
        public (int Sample, int TileRow, int TileColumn) Locate(long tile)
        {
            int sample = (int)(tile / TilesPerSample), local = (int)(tile % TilesPerSample);
            return (sample, local / TileColumns, local % TileColumns);
        }
    }
}
