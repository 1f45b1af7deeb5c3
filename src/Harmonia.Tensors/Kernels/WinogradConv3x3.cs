using System.Runtime.CompilerServices;
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
/// depend on the thread count. Used for the forward pass where both channel counts are large
/// enough for the 16 products to be real matrix products; gradients use the direct kernels.
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
    /// Tiles per chunk when the image has more: each chunk repacks the 16 transformed filter
    /// matrices, so chunks must be wide (transformed input per chunk: 16·Cin·1024 floats).
    /// </summary>
    private const int ChunkTiles = 1024;

    /// <summary>Whether <paramref name="s"/> is a convolution this kernel computes.</summary>
    public static bool Applies(in Conv2dShape s)
        => s.KernelHeight == 3 && s.KernelWidth == 3 && s.StrideHeight == 1 && s.StrideWidth == 1
            && s.PaddingHeight == 1 && s.PaddingWidth == 1 && s.DilationHeight == 1 && s.DilationWidth == 1
            && s.Groups == 1 && s.InChannels >= MinChannels && s.OutChannels >= MinChannels
            && s.InHeight >= 2 && s.InWidth >= 2;

    /// <summary><c>output = conv3×3(input, weight) + bias</c> for a shape that <see cref="Applies"/>; overwrites output.</summary>
    public static void Forward(in Conv2dShape s, float[] input, float[] weight, float[]? bias, float[] output)
    {
        int cin = s.InChannels, cout = s.OutChannels, height = s.InHeight, width = s.InWidth;
        int tileRows = (height + 1) / 2, tileColumns = (width + 1) / 2, tiles = tileRows * tileColumns;
        int chunk = Math.Min(tiles, ChunkTiles);

        float[] u = PinnedBufferPool.Rent(16L * cout * cin);
        float[] v = PinnedBufferPool.Rent(16L * cin * chunk);
        float[] m = PinnedBufferPool.Rent(16L * cout * chunk);
        try
        {
            TransformWeights(weight, cout, cin, u);
            for (int n = 0; n < s.Batch; n++)
            {
                int inputOffset = n * cin * height * width, outputOffset = n * cout * height * width;
                for (int first = 0; first < tiles; first += chunk)
                {
                    int count = Math.Min(chunk, tiles - first);
                    TransformInput(input, inputOffset, cin, height, width, tileColumns, first, count, v);
                    for (int xi = 0; xi < 16; xi++)
                        Sgemm.Multiply(new GemmOperands(false, false, cout, count, cin, u, xi * cout * cin, cin,
                            v, xi * cin * count, count, m, xi * cout * count, count, Accumulate: false), allowParallel: true);
                    TransformOutput(m, cout, count, first, tileColumns, height, width, bias, output, outputOffset);
                }
            }
        }
        finally
        {
            PinnedBufferPool.Return(u);
            PinnedBufferPool.Return(v);
            PinnedBufferPool.Return(m);
        }
    }

    /// <summary>u[ξ, o, c] = (G g Gᵀ)[ξ] for each filter g = weight[o, c].</summary>
    private static void TransformWeights(float[] weight, int cout, int cin, float[] u)
    {
        int plane = cout * cin;
        ParallelRange.For(plane, ParallelRange.ChunkSize(plane, 256), (start, end) =>
        {
            Span<float> t = stackalloc float[12];
            for (int oc = start; oc < end; oc++)
            {
                var g = weight.AsSpan(oc * 9, 9);
                for (int j = 0; j < 3; j++)   // G g: 4×3
                {
                    t[j] = g[j];
                    t[3 + j] = 0.5f * (g[j] + g[3 + j] + g[6 + j]);
                    t[6 + j] = 0.5f * (g[j] - g[3 + j] + g[6 + j]);
                    t[9 + j] = g[6 + j];
                }
                for (int i = 0; i < 4; i++)   // (G g) Gᵀ: 4×4
                {
                    float a = t[3 * i], b = t[3 * i + 1], c = t[3 * i + 2];
                    u[(4 * i) * plane + oc] = a;
                    u[(4 * i + 1) * plane + oc] = 0.5f * (a + b + c);
                    u[(4 * i + 2) * plane + oc] = 0.5f * (a - b + c);
                    u[(4 * i + 3) * plane + oc] = c;
                }
            }
        });
    }

    /// <summary>v[ξ, c, t] = (Bᵀ d B)[ξ] for the 4×4 input tile d of chunk tile t (zero outside the image).</summary>
    private static void TransformInput(float[] input, int offset, int cin, int height, int width, int tileColumns, int first, int count, float[] v)
    {
        int stride = cin * count;
        ParallelRange.For(cin, 1, (c0, c1) =>
        {
            Span<float> d = stackalloc float[16];
            for (int c = c0; c < c1; c++)
            {
                int plane = offset + c * height * width;
                for (int t = 0; t < count; t++)
                {
                    int tile = first + t, top = tile / tileColumns * 2 - 1, left = tile % tileColumns * 2 - 1;
                    LoadTile(input, plane, height, width, top, left, d);
                    // Bᵀ d, column by column, in place.
                    for (int j = 0; j < 4; j++)
                    {
                        float d0 = d[j], d1 = d[4 + j], d2 = d[8 + j], d3 = d[12 + j];
                        d[j] = d0 - d2;
                        d[4 + j] = d1 + d2;
                        d[8 + j] = d2 - d1;
                        d[12 + j] = d1 - d3;
                    }
                    // (Bᵀ d) B, row by row, into the 16 matrices.
                    int at = c * count + t;
                    for (int i = 0; i < 4; i++)
                    {
                        float r0 = d[4 * i], r1 = d[4 * i + 1], r2 = d[4 * i + 2], r3 = d[4 * i + 3];
                        v[(4 * i) * stride + at] = r0 - r2;
                        v[(4 * i + 1) * stride + at] = r1 + r2;
                        v[(4 * i + 2) * stride + at] = r2 - r1;
                        v[(4 * i + 3) * stride + at] = r1 - r3;
                    }
                }
            }
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadTile(float[] input, int plane, int height, int width, int top, int left, Span<float> d)
    {
        if (top >= 0 && left >= 0 && top + 4 <= height && left + 4 <= width)
        {
            for (int i = 0; i < 4; i++) input.AsSpan(plane + (top + i) * width + left, 4).CopyTo(d.Slice(4 * i, 4));
            return;
        }
        for (int i = 0; i < 4; i++)
        {
            int y = top + i;
            for (int j = 0; j < 4; j++)
            {
                int x = left + j;
                d[4 * i + j] = y >= 0 && y < height && x >= 0 && x < width ? input[plane + y * width + x] : 0f;
            }
        }
    }

    /// <summary>output[o, 2×2 block of tile t] = Aᵀ m[·, o, t] A + bias[o], clipped to the image.</summary>
    private static void TransformOutput(float[] m, int cout, int count, int first, int tileColumns, int height, int width,
        float[]? bias, float[] output, int offset)
    {
        int stride = cout * count;
        ParallelRange.For(cout, 1, (o0, o1) =>
        {
            Span<float> s = stackalloc float[8];
            for (int o = o0; o < o1; o++)
            {
                float b = bias?[o] ?? 0f;
                int plane = offset + o * height * width;
                for (int t = 0; t < count; t++)
                {
                    int at = o * count + t;
                    // Aᵀ m: 2×4.
                    for (int j = 0; j < 4; j++)
                    {
                        float m0 = m[j * stride + at], m1 = m[(4 + j) * stride + at], m2 = m[(8 + j) * stride + at], m3 = m[(12 + j) * stride + at];
                        s[j] = m0 + m1 + m2;
                        s[4 + j] = m1 - m2 - m3;
                    }
                    int tile = first + t, y = tile / tileColumns * 2, x = tile % tileColumns * 2;
                    for (int i = 0; i < 2 && y + i < height; i++)
                    {
                        int row = plane + (y + i) * width + x;
                        output[row] = s[4 * i] + s[4 * i + 1] + s[4 * i + 2] + b;
                        if (x + 1 < width) output[row + 1] = s[4 * i + 1] - s[4 * i + 2] - s[4 * i + 3] + b;
                    }
                }
            }
        });
    }
}
