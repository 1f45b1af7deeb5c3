using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// The 8x8 forward DCT of T.81 A.3.3, computed exactly in floating point as two matrix
/// products (F = M f Mᵀ with M[u, x] = C(u)/2 · cos((2x + 1)uπ/16), C(0) = 1/√2, else 1), so
/// it carries no approximation error. With 256-bit vectors each output row is eight
/// multiply-adds of whole rows; the scalar fallback adds the same products in the same order,
/// so both give identical results.
/// </summary>
internal static class ForwardDct
{
    // Basis[u * 8 + x] = M[u, x]; BasisTransposed[x * 8 + u] = M[u, x].
    private static readonly float[] Basis = BuildBasis();
    private static readonly float[] BasisTransposed = Transpose(Basis);

    /// <summary>Transforms 64 level-shifted samples (row-major) into 64 coefficients (row-major), in place.</summary>
    public static void Transform(Span<float> block)
    {
        if (block.Length < 64) throw new ArgumentException("A block has 64 samples.", nameof(block));
        if (Vector256.IsHardwareAccelerated) TransformVectorized(block);
        else TransformScalar(block);
    }

    private static void TransformVectorized(Span<float> block)
    {
        ref float samples = ref MemoryMarshal.GetReference(block);
        ref float basisTransposed = ref MemoryMarshal.GetArrayDataReference(BasisTransposed);

        // Rows: t[y, ·] = Σx f[y, x] · M[·, x]
        Span<Vector256<float>> rows = stackalloc Vector256<float>[8];
        for (int y = 0; y < 8; y++)
        {
            var sum = Vector256<float>.Zero;
            for (int x = 0; x < 8; x++)
                sum += Vector256.Create(block[y * 8 + x]) * Vector256.LoadUnsafe(ref basisTransposed, (nuint)(x * 8));
            rows[y] = sum;
        }
        // Columns: F[v, ·] = Σy M[v, y] · t[y, ·]
        for (int v = 0; v < 8; v++)
        {
            var sum = Vector256<float>.Zero;
            for (int y = 0; y < 8; y++)
                sum += Vector256.Create(Basis[v * 8 + y]) * rows[y];
            sum.StoreUnsafe(ref samples, (nuint)(v * 8));
        }
    }

    private static void TransformScalar(Span<float> block)
    {
        Span<float> rows = stackalloc float[64];
        var basis = Basis;
        for (int y = 0; y < 8; y++)
        {
            for (int u = 0; u < 8; u++)
            {
                float sum = 0;
                for (int x = 0; x < 8; x++) sum += block[y * 8 + x] * basis[u * 8 + x];
                rows[y * 8 + u] = sum;
            }
        }
        for (int v = 0; v < 8; v++)
        {
            for (int u = 0; u < 8; u++)
            {
                float sum = 0;
                for (int y = 0; y < 8; y++) sum += basis[v * 8 + y] * rows[y * 8 + u];
                block[v * 8 + u] = sum;
            }
        }
    }

    private static float[] BuildBasis()
    {
        var basis = new float[64];
        for (int u = 0; u < 8; u++)
        {
            double scale = u == 0 ? 0.5 / Math.Sqrt(2) : 0.5;
            for (int x = 0; x < 8; x++)
                basis[u * 8 + x] = (float)(scale * Math.Cos((2 * x + 1) * u * Math.PI / 16));
        }
        return basis;
    }

    private static float[] Transpose(float[] matrix)
    {
        var transposed = new float[64];
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 8; j++)
                transposed[j * 8 + i] = matrix[i * 8 + j];
        return transposed;
    }
}
