using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the panel layout the micro-kernel streams through:
/// for each step p of the shared dimension, the tile's Rows values of A (or Columns values of B)
/// lie next to each other. Panels past the matrix edge are zero-filled so the kernel needs no
/// edge cases; zeros add nothing to the valid part of the tile.
/// </summary>
/// <remarks>
/// The hot loops here and in the driver, im2col and micro-kernels are compiled fully optimized at
/// once: tiered start-up code would make the first passes of a model many times slower.
/// </remarks>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs rows <c>[row0, row0+rows)</c>, steps <c>[p0, p0+depth)</c> of op(A) into one A micro-panel
    /// of <c>depth × TKernel.Rows</c> floats. <paramref name="a"/> points at A's first element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<TKernel>(bool transposeA, float* a, int lda, int row0, int rows, int p0, int depth, float* panel)
        where TKernel : struct, IGemmMicroKernel
    {
        int mr = TKernel.Rows;
        if (!transposeA)
        {
            // op(A)[i, p] = a[i·lda + p]: rows are contiguous in A, steps in the panel. Full panels
            // of six or eight rows go through 8×8 register transposes, eight steps at a time.
            int p = 0;
            if (rows == mr && (mr == 6 || mr == 8) && Avx.IsSupported)
                for (; p + 8 <= depth; p += 8)
                    TransposeRowsIntoPanel(a + (long)row0 * lda + p0 + p, lda, mr, panel + p * mr);
            for (int r = 0; r < rows; r++)
            {
                float* source = a + (long)(row0 + r) * lda + p0;
                float* target = panel + r;
                for (int q = p; q < depth; q++) target[q * mr] = source[q];
            }
        }
        else
        {
            // op(A)[i, p] = a[p·lda + i]: the MR values of one step are contiguous in A.
            for (int p = 0; p < depth; p++)
            {
                float* source = a + (long)(p0 + p) * lda + row0;
                float* target = panel + p * mr;
                for (int r = 0; r < rows; r++) target[r] = source[r];
            }
        }

        for (int r = rows; r < mr; r++)
            for (int p = 0; p < depth; p++) panel[p * mr + r] = 0f;
    }

    /// <summary>
    /// Packs steps <c>[p0, p0+depth)</c>, columns <c>[col0, col0+cols)</c> of op(B) into consecutive B
    /// micro-panels of <c>depth × TKernel.Columns</c> floats each, the last one zero-padded.
    /// <paramref name="b"/> points at B's first element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<TKernel>(bool transposeB, float* b, int ldb, int p0, int depth, int col0, int cols, float* panels)
        where TKernel : struct, IGemmMicroKernel
    {
        int nr = TKernel.Columns;
        long panelFloats = (long)depth * nr;
        if (!transposeB)
        {
            // op(B)[p, j] = b[p·ldb + j]. Row by row, so B is read sequentially (prefetch-friendly)
            // while each row is dealt out across the panels, one NR-float line to each.
            int fullPanels = cols / nr, edge = cols % nr;
            for (int p = 0; p < depth; p++)
            {
                float* source = b + (long)(p0 + p) * ldb + col0;
                float* target = panels + p * nr;
                for (int panel = 0; panel < fullPanels; panel++)
                    Unsafe.CopyBlockUnaligned(target + panel * panelFloats, source + panel * nr, (uint)(TKernel.Columns * sizeof(float)));
                if (edge != 0)
                {
                    float* edgeTarget = target + fullPanels * panelFloats;
                    float* edgeSource = source + fullPanels * nr;
                    for (int j = 0; j < edge; j++) edgeTarget[j] = edgeSource[j];
                    for (int j = edge; j < nr; j++) edgeTarget[j] = 0f;
                }
            }
        }
        else
        {
            // op(B)[p, j] = b[j·ldb + p]: columns of op(B) are contiguous in B. Eight columns (which
            // never straddle two panels, NR being a multiple of eight) by eight steps go through an
            // 8×8 register transpose; the leftovers are copied one value at a time, with stride NR.
            int j = 0;
            if (nr % 8 == 0 && Avx.IsSupported)
            {
                for (; j + 8 <= cols; j += 8)
                {
                    float* source = b + (long)(col0 + j) * ldb + p0;
                    float* target = panels + j / nr * panelFloats + j % nr;
                    int p = 0;
                    for (; p + 8 <= depth; p += 8)
                    {
                        Transpose8x8(source + p, ldb, 8, out var t0, out var t1, out var t2, out var t3, out var t4, out var t5, out var t6, out var t7);
                        float* line = target + p * nr;
                        t0.Store(line); t1.Store(line + nr); t2.Store(line + 2 * nr); t3.Store(line + 3 * nr);
                        t4.Store(line + 4 * nr); t5.Store(line + 5 * nr); t6.Store(line + 6 * nr); t7.Store(line + 7 * nr);
                    }
                    for (; p < depth; p++)
                        for (int k = 0; k < 8; k++) target[p * nr + k] = source[(long)k * ldb + p];
                }
            }
            for (; j < cols; j++)
            {
                float* source = b + (long)(col0 + j) * ldb + p0;
                float* target = panels + j / nr * panelFloats + j % nr;
                for (int p = 0; p < depth; p++) target[p * nr] = source[p];
            }
            int padded = (cols + nr - 1) / nr * nr;
            for (int pad = cols; pad < padded; pad++)
            {
                float* target = panels + pad / nr * panelFloats + pad % nr;
                for (int p = 0; p < depth; p++) target[p * nr] = 0f;
            }
        }
    }

    /// <summary>
    /// Packs eight steps of six or eight full rows: row r's values at steps 0..7 become the r-th
    /// float of eight consecutive MR-float lines of the panel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeRowsIntoPanel(float* rows, int lda, int mr, float* target)
    {
        Transpose8x8(rows, lda, mr, out var t0, out var t1, out var t2, out var t3, out var t4, out var t5, out var t6, out var t7);
        if (mr == 8)
        {
            t0.Store(target); t1.Store(target + 8); t2.Store(target + 16); t3.Store(target + 24);
            t4.Store(target + 32); t5.Store(target + 40); t6.Store(target + 48); t7.Store(target + 56);
            return;
        }
        // Six rows: a full 8-float store would spill into the next line (or the next panel, which
        // another thread may be packing), so each line is written as four floats plus two.
        StoreSix(target, t0); StoreSix(target + 6, t1); StoreSix(target + 12, t2); StoreSix(target + 18, t3);
        StoreSix(target + 24, t4); StoreSix(target + 30, t5); StoreSix(target + 36, t6); StoreSix(target + 42, t7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreSix(float* target, Vector256<float> line)
    {
        line.GetLower().Store(target);
        Unsafe.WriteUnaligned(target + 4, line.GetUpper().AsUInt64().ToScalar());
    }

    /// <summary>
    /// Loads <paramref name="rowCount"/> rows (six or eight; missing rows read as zero) of eight
    /// floats, <paramref name="stride"/> apart, and returns the eight columns: <c>tK[r] = row r[K]</c>.
    /// Pure data movement, so packing stays bit-exact.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* source, long stride, int rowCount,
        out Vector256<float> t0, out Vector256<float> t1, out Vector256<float> t2, out Vector256<float> t3,
        out Vector256<float> t4, out Vector256<float> t5, out Vector256<float> t6, out Vector256<float> t7)
    {
        var r0 = Vector256.Load(source);
        var r1 = Vector256.Load(source + stride);
        var r2 = Vector256.Load(source + 2 * stride);
        var r3 = Vector256.Load(source + 3 * stride);
        var r4 = Vector256.Load(source + 4 * stride);
        var r5 = Vector256.Load(source + 5 * stride);
        var r6 = rowCount > 6 ? Vector256.Load(source + 6 * stride) : Vector256<float>.Zero;
        var r7 = rowCount > 7 ? Vector256.Load(source + 7 * stride) : Vector256<float>.Zero;

        // Interleave pairs of rows, then pairs of pairs: each 128-bit lane then holds four rows'
        // values of one step (steps k and k+4 share a register), and the lane swap finishes.
        var a0 = Avx.UnpackLow(r0, r1); var a1 = Avx.UnpackHigh(r0, r1);
        var a2 = Avx.UnpackLow(r2, r3); var a3 = Avx.UnpackHigh(r2, r3);
        var a4 = Avx.UnpackLow(r4, r5); var a5 = Avx.UnpackHigh(r4, r5);
        var a6 = Avx.UnpackLow(r6, r7); var a7 = Avx.UnpackHigh(r6, r7);
        var b0 = Avx.Shuffle(a0, a2, 0x44); var b1 = Avx.Shuffle(a0, a2, 0xEE);
        var b2 = Avx.Shuffle(a1, a3, 0x44); var b3 = Avx.Shuffle(a1, a3, 0xEE);
        var b4 = Avx.Shuffle(a4, a6, 0x44); var b5 = Avx.Shuffle(a4, a6, 0xEE);
        var b6 = Avx.Shuffle(a5, a7, 0x44); var b7 = Avx.Shuffle(a5, a7, 0xEE);
        t0 = Avx.Permute2x128(b0, b4, 0x20); t4 = Avx.Permute2x128(b0, b4, 0x31);
        t1 = Avx.Permute2x128(b1, b5, 0x20); t5 = Avx.Permute2x128(b1, b5, 0x31);
        t2 = Avx.Permute2x128(b2, b6, 0x20); t6 = Avx.Permute2x128(b2, b6, 0x31);
        t3 = Avx.Permute2x128(b3, b7, 0x20); t7 = Avx.Permute2x128(b3, b7, 0x31);
    }
}
