using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors;

public static partial class Functional
{
    /// <summary>
    /// The <paramref name="k"/> largest values along the last axis, largest first, and their
    /// positions. Ties keep the lower index first. The gradient flows to the chosen elements.
    /// </summary>
    public static (Tensor Values, int[] Indices) TopK(Tensor x, int k)
    {
        if (x.Rank == 0) throw new ArgumentException("topk needs at least one axis.");
        int length = x.Shape[^1];
        if (k < 1 || k > length) throw new ArgumentOutOfRangeException(nameof(k), $"topk k = {k} is outside [1, {length}].");
        int rows = x.Numel / length;
        var shape = x.Shape.ToArray();
        shape[^1] = k;
        var y = Tensor.Empty(shape);
        var indices = new int[rows * k];
        ParallelRange.For(rows, Math.Max(1, 16384 / length), (r0, r1) =>
        {
            var best = new int[k];
            for (int r = r0; r < r1; r++) SelectTop(x.Data.AsSpan(r * length, length), best, y.Data.AsSpan(r * k, k), indices.AsSpan(r * k, k));
        });
        Autograd.Record("topk", y, [x], gy =>
        {
            var gx = Tensor.Zeros(x.Shape);
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < k; j++) gx.Data[r * length + indices[r * k + j]] += gy.Data[r * k + j];
            x.AccumulateGrad(gx);
        });
        return (y, indices);
    }

    /// <summary>Insertion into a sorted list of k candidates: O(n·k), ideal for the small k harmonization uses.</summary>
    internal static void SelectTop(ReadOnlySpan<float> row, int[] scratch, Span<float> values, Span<int> indices)
    {
        int k = values.Length, count = 0;
        for (int i = 0; i < row.Length; i++)
        {
            float v = row[i];
            if (count == k && !IsGreater(v, values[k - 1])) continue;
            int pos = count < k ? count++ : k - 1;
            // Shift smaller entries down; strict comparison keeps earlier indices ahead on ties.
            while (pos > 0 && IsGreater(v, values[pos - 1]))
            {
                values[pos] = values[pos - 1];
                scratch[pos] = scratch[pos - 1];
                pos--;
            }
            values[pos] = v;
            scratch[pos] = i;
        }
        scratch.AsSpan(0, k).CopyTo(indices);
    }

    /// <summary>a ranks above b: larger, with NaN above everything as in PyTorch's topk.</summary>
    private static bool IsGreater(float a, float b) => float.IsNaN(a) ? !float.IsNaN(b) : a > b;
}
