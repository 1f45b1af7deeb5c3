using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// 6×16 SGEMM micro-kernel on 256-bit vectors with FMA (AVX2 machines). Twelve accumulators
/// (6 rows × 2 vectors), two B vectors and one broadcast A value fill 15 of the 16 ymm registers;
/// per step it issues 12 FMAs against 2 loads and 6 broadcasts, enough to keep both FMA pipes busy.
/// </summary>
internal readonly struct Vector256MicroKernel : IGemmMicroKernel
{
    public static int Rows => 6;
    public static int Columns => 16;
    public static int DepthBlock => 256;   // B micro-panel: 256×16×4 B = 16 KiB of a 32 KiB L1
    public static int RowBlock => 144;     // A block: 144×256×4 B = 144 KiB of a 512 KiB L2
    public static int ColumnBlock => 4096; // B block: 256×4096×4 B = 4 MiB, shared in L3

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int depth, float* packedA, float* b, int bStride, float* c, int ldc, bool overwrite)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        float* a = packedA;
        for (int p = 0; p < depth; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var ai = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(ai, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(ai, b1, c01);
            ai = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(ai, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(ai, b1, c11);
            ai = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(ai, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(ai, b1, c21);
            ai = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(ai, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(ai, b1, c31);
            ai = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(ai, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(ai, b1, c41);
            ai = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(ai, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(ai, b1, c51);
            a += 6;
            b += bStride;
        }

        StoreRow(c, c00, c01, overwrite);
        StoreRow(c + ldc, c10, c11, overwrite);
        StoreRow(c + 2 * ldc, c20, c21, overwrite);
        StoreRow(c + 3 * ldc, c30, c31, overwrite);
        StoreRow(c + 4 * ldc, c40, c41, overwrite);
        StoreRow(c + 5 * ldc, c50, c51, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreRow(float* row, Vector256<float> left, Vector256<float> right, bool overwrite)
    {
        if (!overwrite)
        {
            left = Vector256.Load(row) + left;
            right = Vector256.Load(row + 8) + right;
        }
        left.Store(row);
        right.Store(row + 8);
    }
}
