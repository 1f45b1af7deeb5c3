using System.Runtime.CompilerServices;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// An 8×32 micro-kernel whose shared-dimension rows of B are found through a table of offsets
/// instead of one stride: <c>C[i, j] = Σ_k A[k, i] · b[rowOffsets[k] + j]</c>. A convolution over a
/// zero-padded image is such a product with no im2col and no packing of B: row k is one tap of one
/// input channel, its offset the tap's place in the padded image, and 32 consecutive positions of
/// the padded grid are 32 consecutive floats of every row.
/// </summary>
/// <remarks>
/// A is packed as <c>[depth][8]</c> (eight output channels per step), and the sixteen 512-bit
/// accumulators of <see cref="Vector512MicroKernel"/> hold the tile. Each value is one chain of fused
/// multiply-adds over k in order, the same as <see cref="Reference"/> computes one value at a time,
/// so the two give the same bits.
/// </remarks>
internal static class IndirectMicroKernel
{
    /// <summary>Output channels per tile.</summary>
    public const int Rows = 8;

    /// <summary>Consecutive positions per tile.</summary>
    public const int Columns = 32;

    /// <summary>
    /// Computes the tile into <paramref name="c"/> (<c>[8][32]</c>): overwritten, or with
    /// <paramref name="accumulate"/> the chains continue from the values already there. A sum cut into
    /// slices of k this way gives the same bits as one call over all of k. The register tile is the
    /// GEMM's (<see cref="Vector512MicroKernel.RunTile{TRows}"/>), reading B's rows through the table.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Run(int depth, float* packedA, float* b, int* rowOffsets, float* c, bool accumulate)
        => Vector512MicroKernel.RunTile(depth, packedA, new IndexedRows(b, rowOffsets), c, Columns,
            accumulate ? TileStore.ContinueFromC : TileStore.Overwrite);

    /// <summary>The plain form of <see cref="Run"/>, one value at a time (for tests and for reading).</summary>
    public static unsafe void Reference(int depth, float* packedA, float* b, int* rowOffsets, float* c, bool accumulate)
    {
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < Columns; j++)
            {
                float sum = accumulate ? c[i * Columns + j] : 0;
                for (int k = 0; k < depth; k++) sum = MathF.FusedMultiplyAdd(packedA[k * Rows + i], b[rowOffsets[k] + j], sum);
                c[i * Columns + j] = sum;
            }
    }
}
