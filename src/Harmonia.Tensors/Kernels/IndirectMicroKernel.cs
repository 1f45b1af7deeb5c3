using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// An 8×32 micro-kernel whose shared-dimension rows of B are found through a table of offsets
/// instead of one stride: <c>C[i, j] = Σ_k A[k, i] · b[rowOffsets[k] + j]</c>. A convolution over a
/// zero-padded image is such a product with no im2col and no packing of B: row k is one tap of one
/// input channel, its offset the tap's place in the padded image, and 32 consecutive positions of
/// the padded grid are 32 consecutive floats of every row.
/// </summary>
/// <remarks>
/// A is packed as <c>[depth][8]</c> (eight output channels per step). Sixteen 512-bit accumulators
/// hold the tile, as in <see cref="Vector512MicroKernel"/>. Each value is one chain of fused
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
    /// slices of k this way gives the same bits as one call over all of k.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int depth, float* packedA, float* b, int* rowOffsets, float* c, bool accumulate)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        if (accumulate)
        {
            c00 = Vector512.Load(c); c01 = Vector512.Load(c + 16);
            c10 = Vector512.Load(c + 32); c11 = Vector512.Load(c + 48);
            c20 = Vector512.Load(c + 64); c21 = Vector512.Load(c + 80);
            c30 = Vector512.Load(c + 96); c31 = Vector512.Load(c + 112);
            c40 = Vector512.Load(c + 128); c41 = Vector512.Load(c + 144);
            c50 = Vector512.Load(c + 160); c51 = Vector512.Load(c + 176);
            c60 = Vector512.Load(c + 192); c61 = Vector512.Load(c + 208);
            c70 = Vector512.Load(c + 224); c71 = Vector512.Load(c + 240);
        }
        float* a = packedA;
        for (int k = 0; k < depth; k++)
        {
            float* row = b + rowOffsets[k];
            var b0 = Vector512.Load(row);
            var b1 = Vector512.Load(row + 16);
            var ai = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(ai, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(ai, b1, c01);
            ai = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(ai, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(ai, b1, c11);
            ai = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(ai, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(ai, b1, c21);
            ai = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(ai, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(ai, b1, c31);
            ai = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(ai, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(ai, b1, c41);
            ai = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(ai, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(ai, b1, c51);
            ai = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(ai, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(ai, b1, c61);
            ai = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(ai, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(ai, b1, c71);
            a += Rows;
        }
        c00.Store(c); c01.Store(c + 16);
        c10.Store(c + 32); c11.Store(c + 48);
        c20.Store(c + 64); c21.Store(c + 80);
        c30.Store(c + 96); c31.Store(c + 112);
        c40.Store(c + 128); c41.Store(c + 144);
        c50.Store(c + 160); c51.Store(c + 176);
        c60.Store(c + 192); c61.Store(c + 208);
        c70.Store(c + 224); c71.Store(c + 240);
    }

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
