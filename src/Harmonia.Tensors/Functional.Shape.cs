using Harmonia.Tensors.Kernels;

namespace Harmonia.Tensors;

public static partial class Functional
{
    /// <summary>Reorders the axes: output axis i is input axis <paramref name="order"/>[i]. Copies.</summary>
    public static Tensor Permute(Tensor x, params int[] order)
    {
        if (order.Length != x.Rank) throw new ArgumentException($"Permute needs {x.Rank} axes, got {order.Length}.");
        var normalized = order.Select(d => ShapeMath.NormalizeDim(d, x.Rank)).ToArray();
        if (normalized.Distinct().Count() != x.Rank) throw new ArgumentException($"Permute order [{string.Join(", ", order)}] repeats an axis.");
        var outShape = normalized.Select(d => x.Shape[d]).ToArray();
        var y = Tensor.Empty(outShape);
        LayoutKernels.Permute(x.Data, x.Shape, normalized, y.Data);
        return Autograd.Record("permute", y, [x], gy =>
        {
            var inverse = new int[normalized.Length];
            for (int i = 0; i < normalized.Length; i++) inverse[normalized[i]] = i;
            x.AccumulateGrad(Permute(gy, inverse));
        });
    }

    /// <summary>Swaps two axes (a copy, unlike PyTorch's view).</summary>
    public static Tensor Transpose(Tensor x, int dim0, int dim1)
    {
        var order = Enumerable.Range(0, x.Rank).ToArray();
        int a = ShapeMath.NormalizeDim(dim0, x.Rank), b = ShapeMath.NormalizeDim(dim1, x.Rank);
        (order[a], order[b]) = (order[b], order[a]);
        return Permute(x, order);
    }

    /// <summary>Inserts a size-1 axis at <paramref name="dim"/>.</summary>
    public static Tensor Unsqueeze(Tensor x, int dim)
    {
        int d = dim < 0 ? dim + x.Rank + 1 : dim;
        if (d < 0 || d > x.Rank) throw new ArgumentOutOfRangeException(nameof(dim), $"Cannot unsqueeze a rank-{x.Rank} tensor at {dim}.");
        var shape = x.Shape.ToArray().ToList();
        shape.Insert(d, 1);
        return x.Reshape([.. shape]);
    }

    /// <summary>Removes the size-1 axis <paramref name="dim"/>.</summary>
    public static Tensor Squeeze(Tensor x, int dim)
    {
        int d = ShapeMath.NormalizeDim(dim, x.Rank);
        if (x.Shape[d] != 1) throw new ArgumentException($"Cannot squeeze axis {dim} of size {x.Shape[d]}.");
        var shape = x.Shape.ToArray().ToList();
        shape.RemoveAt(d);
        return x.Reshape([.. shape]);
    }

    /// <summary>The elements <c>[start, start + length)</c> along <paramref name="dim"/>, like <c>x.narrow(dim, start, length)</c>. Copies.</summary>
    public static Tensor Narrow(Tensor x, int dim, int start, int length)
    {
        int d = ShapeMath.NormalizeDim(dim, x.Rank);
        if (start < 0 || length < 0 || start + length > x.Shape[d])
            throw new ArgumentOutOfRangeException(nameof(start), $"Narrow [{start}, {start + length}) is outside axis {dim} of size {x.Shape[d]}.");
        var (outer, size, inner) = SplitAround(x.Shape, d);
        var shape = x.Shape.ToArray();
        shape[d] = length;
        var y = Tensor.Empty(shape);
        LayoutKernels.CopyRows(x.Data, start * inner, size * inner, y.Data, 0, length * inner, outer, length * inner);
        return Autograd.Record("narrow", y, [x], gy =>
        {
            var g = Tensor.Zeros(x.Shape);
            LayoutKernels.CopyRows(gy.Data, 0, length * inner, g.Data, start * inner, size * inner, outer, length * inner);
            x.AccumulateGrad(g);
        });
    }

    /// <summary>Joins tensors along <paramref name="dim"/>; all other sizes must match.</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> xs, int dim)
    {
        if (xs.Count == 0) throw new ArgumentException("Cat needs at least one tensor.");
        int rank = xs[0].Rank;
        int d = ShapeMath.NormalizeDim(dim, rank);
        var shape = xs[0].Shape.ToArray();
        shape[d] = 0;
        foreach (var t in xs)
        {
            if (t.Rank != rank) throw new ArgumentException($"Cat needs tensors of equal rank, got {ShapeMath.Format(xs[0].Shape)} and {ShapeMath.Format(t.Shape)}.");
            for (int i = 0; i < rank; i++)
                if (i != d && t.Shape[i] != xs[0].Shape[i])
                    throw new ArgumentException($"Cat along {dim}: shapes {ShapeMath.Format(xs[0].Shape)} and {ShapeMath.Format(t.Shape)} differ off that axis.");
            shape[d] += t.Shape[d];
        }
        var (outer, total, inner) = SplitAround(shape, d);
        var y = Tensor.Empty(shape);
        int offset = 0;
        foreach (var t in xs)
        {
            int len = t.Shape[d];
            LayoutKernels.CopyRows(t.Data, 0, len * inner, y.Data, offset * inner, total * inner, outer, len * inner);
            offset += len;
        }
        var inputs = xs.ToArray();
        return Autograd.Record("cat", y, inputs, gy =>
        {
            int off = 0;
            foreach (var t in inputs)
            {
                int len = t.Shape[d];
                if (t.RequiresGrad)
                {
                    var g = Tensor.Empty(t.Shape);
                    LayoutKernels.CopyRows(gy.Data, off * inner, total * inner, g.Data, 0, len * inner, outer, len * inner);
                    t.AccumulateGrad(g);
                }
                off += len;
            }
        });
    }

    /// <summary>Cuts <paramref name="x"/> along <paramref name="dim"/> into pieces of the given sizes.</summary>
    public static Tensor[] Split(Tensor x, int[] sizes, int dim)
    {
        int d = ShapeMath.NormalizeDim(dim, x.Rank);
        if (sizes.Sum() != x.Shape[d]) throw new ArgumentException($"Split sizes [{string.Join(", ", sizes)}] do not add up to axis {dim} of size {x.Shape[d]}.");
        var parts = new Tensor[sizes.Length];
        int start = 0;
        for (int i = 0; i < sizes.Length; i++) { parts[i] = Narrow(x, d, start, sizes[i]); start += sizes[i]; }
        return parts;
    }

    /// <summary>
    /// Picks along <paramref name="dim"/>: y[…, i, …] = x[…, index[…, i, …], …], where
    /// <paramref name="index"/> (shape <paramref name="indexShape"/>, same rank as x) may be
    /// smaller than x off that axis, as in PyTorch's <c>gather</c>.
    /// </summary>
    public static Tensor Gather(Tensor x, int dim, int[] index, int[] indexShape)
    {
        int d = ShapeMath.NormalizeDim(dim, x.Rank);
        if (indexShape.Length != x.Rank) throw new ArgumentException("Gather index must have the rank of the input.");
        if (index.Length != ShapeMath.Numel(indexShape)) throw new ArgumentException("Gather index length does not match its shape.");
        for (int i = 0; i < x.Rank; i++)
            if (i != d && indexShape[i] > x.Shape[i]) throw new ArgumentException($"Gather index shape {ShapeMath.Format(indexShape)} exceeds input {ShapeMath.Format(x.Shape)} off axis {dim}.");
        var xStrides = ShapeMath.Strides(x.Shape);
        var iStrides = ShapeMath.Strides(indexShape);
        var source = LayoutKernels.GatherSources(index, iStrides, xStrides, d, x.Shape[d], dim);
        var y = Tensor.Empty(indexShape);
        LayoutKernels.Gather(x.Data, source, y.Data);
        return Autograd.Record("gather", y, [x], gy =>
        {
            var g = Tensor.Zeros(x.Shape);
            for (int i = 0; i < source.Length; i++) g.Data[source[i]] += gy.Data[i];
            x.AccumulateGrad(g);
        });
    }

    /// <summary>Rows of <paramref name="x"/> along <paramref name="dim"/> in the order of <paramref name="indices"/> (PyTorch's <c>index_select</c>).</summary>
    public static Tensor IndexSelect(Tensor x, int dim, int[] indices)
    {
        int d = ShapeMath.NormalizeDim(dim, x.Rank);
        var (outer, size, inner) = SplitAround(x.Shape, d);
        foreach (var i in indices)
            if (i < 0 || i >= size) throw new ArgumentOutOfRangeException(nameof(indices), $"Index {i} is outside axis {dim} of size {size}.");
        var shape = x.Shape.ToArray();
        shape[d] = indices.Length;
        var y = Tensor.Empty(shape);
        for (int k = 0; k < indices.Length; k++)
            LayoutKernels.CopyRows(x.Data, indices[k] * inner, size * inner, y.Data, k * inner, indices.Length * inner, outer, inner);
        return Autograd.Record("index_select", y, [x], gy =>
        {
            var g = Tensor.Zeros(x.Shape);
            for (int k = 0; k < indices.Length; k++)
                LayoutKernels.AddRows(gy.Data, k * inner, indices.Length * inner, g.Data, indices[k] * inner, size * inner, outer, inner);
            x.AccumulateGrad(g);
        });
    }
}
