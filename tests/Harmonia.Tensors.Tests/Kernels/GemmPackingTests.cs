using Harmonia.Tensors.Kernels;

namespace Harmonia.Tensors.Tests.Kernels;

/// <summary>
/// Packing is pure data movement, so its register-transpose paths must reproduce the panel layout
/// exactly as its definition states it, value for value, and write nothing past the panels.
/// </summary>
public unsafe class GemmPackingTests
{
    /// <summary>(rows or columns, steps): full and partial 8×8 blocks, both edges, one step.</summary>
    private static readonly (int Count, int Depth)[] Shapes = [(1, 1), (5, 7), (6, 8), (8, 8), (6, 19), (8, 33), (13, 16), (16, 24), (30, 41), (33, 256)];

    [Fact]
    public void PackAMatchesItsDefinitionForBothLayoutsAndKernels()
    {
        foreach (var (rows, depth) in Shapes)
            foreach (bool transpose in new[] { false, true })
            {
                CheckPackA<Vector256MicroKernel>(transpose, Math.Min(rows, Vector256MicroKernel.Rows), depth);
                CheckPackA<Vector512MicroKernel>(transpose, Math.Min(rows, Vector512MicroKernel.Rows), depth);
                CheckPackA<ScalarMicroKernel>(transpose, Math.Min(rows, ScalarMicroKernel.Rows), depth);
            }
    }

    [Fact]
    public void PackBMatchesItsDefinitionForBothLayoutsAndKernels()
    {
        foreach (var (columns, depth) in Shapes)
            foreach (bool transpose in new[] { false, true })
            {
                CheckPackB<Vector256MicroKernel>(transpose, columns, depth);
                CheckPackB<Vector512MicroKernel>(transpose, columns, depth);
                CheckPackB<ScalarMicroKernel>(transpose, columns, depth);
            }
    }

    private static void CheckPackA<TKernel>(bool transpose, int rows, int depth) where TKernel : struct, IGemmMicroKernel
    {
        int mr = TKernel.Rows, row0 = 2, p0 = 3, lda = (transpose ? row0 + rows : p0 + depth) + 5;
        var a = TestArrays.Random(lda * (transpose ? p0 + depth : row0 + rows), seed: rows * 1000 + depth);
        var panel = TestArrays.Filled(depth * mr + 8, float.NaN);
        fixed (float* aPointer = a)
        fixed (float* panelPointer = panel)
            GemmPacking.PackA<TKernel>(transpose, aPointer, lda, row0, rows, p0, depth, panelPointer);

        for (int p = 0; p < depth; p++)
            for (int r = 0; r < mr; r++)
            {
                float expected = r >= rows ? 0f : transpose ? a[(p0 + p) * lda + row0 + r] : a[(row0 + r) * lda + p0 + p];
                Assert.True(expected.Equals(panel[p * mr + r]), $"{typeof(TKernel).Name} A transpose={transpose} {rows}x{depth}: panel[{p}, {r}] = {panel[p * mr + r]}, expected {expected}");
            }
        for (int i = depth * mr; i < panel.Length; i++) Assert.True(float.IsNaN(panel[i]), $"PackA wrote past its panel at {i}");
    }

    private static void CheckPackB<TKernel>(bool transpose, int columns, int depth) where TKernel : struct, IGemmMicroKernel
    {
        int nr = TKernel.Columns, col0 = 1, p0 = 4, ldb = (transpose ? p0 + depth : col0 + columns) + 3;
        int panels = (columns + nr - 1) / nr;
        var b = TestArrays.Random(ldb * (transpose ? col0 + columns : p0 + depth), seed: columns * 1000 + depth + 1);
        var packed = TestArrays.Filled(panels * depth * nr + 8, float.NaN);
        fixed (float* bPointer = b)
        fixed (float* packedPointer = packed)
            GemmPacking.PackB<TKernel>(transpose, bPointer, ldb, p0, depth, col0, columns, packedPointer);

        for (int j = 0; j < panels * nr; j++)
            for (int p = 0; p < depth; p++)
            {
                float expected = j >= columns ? 0f : transpose ? b[(col0 + j) * ldb + p0 + p] : b[(p0 + p) * ldb + col0 + j];
                float actual = packed[j / nr * depth * nr + p * nr + j % nr];
                Assert.True(expected.Equals(actual), $"{typeof(TKernel).Name} B transpose={transpose} {columns}x{depth}: column {j} step {p} = {actual}, expected {expected}");
            }
        for (int i = panels * depth * nr; i < packed.Length; i++) Assert.True(float.IsNaN(packed[i]), $"PackB wrote past its panels at {i}");
    }
}
