using System.Runtime.CompilerServices;

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
            // op(A)[i, p] = a[i·lda + p]: read each row contiguously, write with stride MR.
            for (int r = 0; r < rows; r++)
            {
                float* source = a + (long)(row0 + r) * lda + p0;
                float* target = panel + r;
                for (int p = 0; p < depth; p++) target[p * mr] = source[p];
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
            // op(B)[p, j] = b[j·ldb + p]: read each column of op(B) contiguously, write with stride NR.
            for (int j = 0; j < cols; j++)
            {
                float* source = b + (long)(col0 + j) * ldb + p0;
                float* target = panels + j / nr * panelFloats + j % nr;
                for (int p = 0; p < depth; p++) target[p * nr] = source[p];
            }
            int padded = (cols + nr - 1) / nr * nr;
            for (int j = cols; j < padded; j++)
            {
                float* target = panels + j / nr * panelFloats + j % nr;
                for (int p = 0; p < depth; p++) target[p * nr] = 0f;
            }
        }
    }
}
