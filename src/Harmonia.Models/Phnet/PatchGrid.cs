using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Models.Phnet;

/// <summary>
/// PHNet's division of a feature map into a g×g grid of patches: each patch is size/g
/// (rounded down) and the last row and column take what is left.
/// </summary>
public readonly record struct PatchGrid(int Count, int Height, int Width)
{
    /// <summary>The rows [start, start + length) of patch row <paramref name="i"/>.</summary>
    public (int Start, int Length) Rows(int i) => Span(i, Height);

    /// <summary>The columns of patch column <paramref name="j"/>.</summary>
    public (int Start, int Length) Columns(int j) => Span(j, Width);

    private (int Start, int Length) Span(int i, int size)
    {
        int step = size / Count;
        if (step == 0) throw new ArgumentException($"A {Count}×{Count} patch grid does not fit a {Height}×{Width} feature map; use a larger input.");
        int start = i * step;
        return (start, i == Count - 1 ? size - start : step);
    }

    /// <summary>Patch (i, j) of an [N, C, H, W] tensor.</summary>
    public Tensor Patch(Tensor x, int i, int j)
    {
        var (r0, rn) = Rows(i);
        var (c0, cn) = Columns(j);
        return Narrow(Narrow(x, 2, r0, rn), 3, c0, cn);
    }

    /// <summary>Reassembles a g×g grid of patch tensors into one map.</summary>
    public static Tensor Assemble(Tensor[,] patches)
    {
        int g = patches.GetLength(0);
        var rows = new Tensor[g];
        for (int i = 0; i < g; i++)
        {
            var row = new Tensor[g];
            for (int j = 0; j < g; j++) row[j] = patches[i, j];
            rows[i] = Cat(row, 3);
        }
        return Cat(rows, 2);
    }
}
