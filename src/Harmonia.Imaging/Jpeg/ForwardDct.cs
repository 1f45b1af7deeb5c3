namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// The 8x8 forward DCT of T.81 A.3.3, computed exactly in floating point as two matrix
/// products (F = M f Mᵀ with M[u, x] = C(u)/2 · cos((2x + 1)uπ/16), C(0) = 1/√2, else 1).
/// Slower than a factorised DCT but free of approximation error; the encoder's cost is
/// dominated by entropy coding anyway.
/// </summary>
internal static class ForwardDct
{
    private static readonly float[] Basis = BuildBasis();

    /// <summary>Transforms 64 level-shifted samples (row-major) into 64 coefficients (row-major), in place.</summary>
    public static void Transform(Span<float> block)
    {
        Span<float> rowsTransformed = stackalloc float[64];
        var basis = Basis;
        // Rows: t[y, u] = Σx M[u, x] f[y, x]
        for (int y = 0; y < 8; y++)
        {
            var row = block.Slice(y * 8, 8);
            for (int u = 0; u < 8; u++)
            {
                float sum = 0;
                for (int x = 0; x < 8; x++) sum += basis[u * 8 + x] * row[x];
                rowsTransformed[y * 8 + u] = sum;
            }
        }
        // Columns: F[v, u] = Σy M[v, y] t[y, u]
        for (int u = 0; u < 8; u++)
        {
            for (int v = 0; v < 8; v++)
            {
                float sum = 0;
                for (int y = 0; y < 8; y++) sum += basis[v * 8 + y] * rowsTransformed[y * 8 + u];
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
}
