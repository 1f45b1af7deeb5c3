using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// 8×32 SGEMM micro-kernel on 512-bit vectors (AVX-512 machines). Sixteen accumulators
/// (8 rows × 2 vectors) plus two B vectors and one broadcast use 19 of the 32 zmm registers;
/// per step 16 FMAs hide the FMA latency on two 512-bit pipes.
/// </summary>
internal readonly struct Vector512MicroKernel : IGemmMicroKernel
{
    public static int Rows => 8;
    public static int Columns => 32;
    public static int DepthBlock => 192;   // B micro-panel: 192×32×4 B = 24 KiB of a 32–48 KiB L1
    public static int RowBlock => 128;     // A block: 128×192×4 B = 96 KiB of L2
    public static int ColumnBlock => 4096; // B block: 192×4096×4 B = 3 MiB, shared in L3

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Run(int depth, float* packedA, float* b, int bStride, float* c, int ldc, bool overwrite)
        => RunTile(depth, packedA, new StridedRows(b, bStride), c, ldc, overwrite ? TileStore.Overwrite : TileStore.AddToC);

    /// <summary>
    /// The 8×32 tile itself, for any way of finding B's rows (<see cref="ITileRows"/>): the GEMM's
    /// strided panels here, the indirect convolution's table of offsets in <see cref="IndirectMicroKernel"/>.
    /// Each value of the tile is one chain of fused multiply-adds over k in order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void RunTile<TRows>(int depth, float* packedA, TRows rows, float* c, int ldc, TileStore store) where TRows : struct, ITileRows
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        if (store == TileStore.ContinueFromC)
        {
            (c00, c01) = LoadRow(c);
            (c10, c11) = LoadRow(c + ldc);
            (c20, c21) = LoadRow(c + 2 * ldc);
            (c30, c31) = LoadRow(c + 3 * ldc);
            (c40, c41) = LoadRow(c + 4 * ldc);
            (c50, c51) = LoadRow(c + 5 * ldc);
            (c60, c61) = LoadRow(c + 6 * ldc);
            (c70, c71) = LoadRow(c + 7 * ldc);
        }
        float* a = packedA;
        for (int p = 0; p < depth; p++)
        {
            float* row = rows.Next();
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
            a += 8;
        }

        bool add = store == TileStore.AddToC;
        StoreRow(c, c00, c01, add);
        StoreRow(c + ldc, c10, c11, add);
        StoreRow(c + 2 * ldc, c20, c21, add);
        StoreRow(c + 3 * ldc, c30, c31, add);
        StoreRow(c + 4 * ldc, c40, c41, add);
        StoreRow(c + 5 * ldc, c50, c51, add);
        StoreRow(c + 6 * ldc, c60, c61, add);
        StoreRow(c + 7 * ldc, c70, c71, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe (Vector512<float> Left, Vector512<float> Right) LoadRow(float* row) => (Vector512.Load(row), Vector512.Load(row + 16));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreRow(float* row, Vector512<float> left, Vector512<float> right, bool add)
    {
        if (add)
        {
            left = Vector512.Load(row) + left;
            right = Vector512.Load(row + 16) + right;
        }
        left.Store(row);
        right.Store(row + 16);
    }
}
