using Harmonia.Models.Phnet;
using Harmonia.Onnx.Graph;

namespace Harmonia.Onnx.Export;

/// <summary>
/// PHNet's g×g patch grid (<see cref="PatchGrid"/>) as matrix products: with the one-hot
/// matrices R [H, g] (row y belongs to patch row i) and C [W, g], the per-patch sums of a map X
/// are Rᵀ·X·C [g, g] and a per-patch value spreads back to the pixels as R·V·Cᵀ. So the whole
/// grid takes four MatMuls instead of a Slice and a reduction per patch.
/// </summary>
internal sealed class PatchGridMatrices
{
    private readonly OnnxGraphBuilder graph;
    private readonly OnnxValue rows, rowsTransposed, columns, columnsTransposed;

    /// <summary>Adds the grid's matrices for a <paramref name="height"/>×<paramref name="width"/> map to <paramref name="graph"/>.</summary>
    public PatchGridMatrices(OnnxGraphBuilder graph, int count, int height, int width)
    {
        this.graph = graph;
        var grid = new PatchGrid(count, height, width);
        Count = count;
        var rowMembership = Membership(count, height, grid.Rows);
        var columnMembership = Membership(count, width, grid.Columns);
        rows = graph.Floats("patch_rows", rowMembership, height, count);
        rowsTransposed = graph.Floats("patch_rows_t", Transpose(rowMembership, height, count), count, height);
        columns = graph.Floats("patch_columns", columnMembership, width, count);
        columnsTransposed = graph.Floats("patch_columns_t", Transpose(columnMembership, width, count), count, width);
        PixelCounts = new float[count * count];
        for (int i = 0; i < count; i++)
            for (int j = 0; j < count; j++) PixelCounts[i * count + j] = grid.Rows(i).Length * grid.Columns(j).Length;
    }

    /// <summary>g, patches per side.</summary>
    public int Count { get; }

    /// <summary>Pixels per patch, [g·g] row-major.</summary>
    public float[] PixelCounts { get; }

    /// <summary>Per-patch sums of <paramref name="x"/> [N, C, H, W]: [N, C, g, g].</summary>
    public OnnxValue Sum(OnnxValue x) => graph.MatMul(rowsTransposed, graph.MatMul(x, columns));

    /// <summary>Per-patch values [N, C, g, g] copied to every pixel of their patch: [N, C, H, W].</summary>
    public OnnxValue Spread(OnnxValue perPatch) => graph.MatMul(rows, graph.MatMul(perPatch, columnsTransposed));

    private static float[] Membership(int count, int size, Func<int, (int Start, int Length)> span)
    {
        var matrix = new float[size * count];
        for (int patch = 0; patch < count; patch++)
        {
            var (start, length) = span(patch);
            for (int p = start; p < start + length; p++) matrix[p * count + patch] = 1f;
        }
        return matrix;
    }

    private static float[] Transpose(float[] matrix, int rowCount, int columnCount)
    {
        var result = new float[matrix.Length];
        for (int r = 0; r < rowCount; r++)
            for (int c = 0; c < columnCount; c++) result[c * rowCount + r] = matrix[r * columnCount + c];
        return result;
    }
}
