using System.Runtime.CompilerServices;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// 4×4 SGEMM micro-kernel in plain float arithmetic, for machines without the vector paths.
/// Sixteen scalar accumulators; multiply and add stay separate (no FMA), so the result is the
/// same on every machine that takes this path.
/// </summary>
internal readonly struct ScalarMicroKernel : IGemmMicroKernel
{
    public static int Rows => 4;
    public static int Columns => 4;
    public static int DepthBlock => 256;
    public static int RowBlock => 128;
    public static int ColumnBlock => 4096;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(int depth, float* packedA, float* b, int bStride, float* c, int ldc, bool overwrite)
    {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        float* a = packedA;
        for (int p = 0; p < depth; p++)
        {
            float b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            float a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            a += 4;
            b += bStride;
        }

        StoreRow(c, c00, c01, c02, c03, overwrite);
        StoreRow(c + ldc, c10, c11, c12, c13, overwrite);
        StoreRow(c + 2 * ldc, c20, c21, c22, c23, overwrite);
        StoreRow(c + 3 * ldc, c30, c31, c32, c33, overwrite);
    }

    private static unsafe void StoreRow(float* row, float v0, float v1, float v2, float v3, bool overwrite)
    {
        if (overwrite)
        {
            row[0] = v0; row[1] = v1; row[2] = v2; row[3] = v3;
        }
        else
        {
            row[0] += v0; row[1] += v1; row[2] += v2; row[3] += v3;
        }
    }
}
