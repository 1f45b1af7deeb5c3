using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Kernels;

/// <summary>Kernels that move elements without arithmetic: permute, slice, concatenate and gather copies.</summary>
internal static class LayoutKernels
{
    /// <summary>
    /// For a gather along axis <paramref name="axis"/>: the flat input position of each output element,
    /// whose coordinates are its own (by <paramref name="indexStrides"/>) except on that axis, where
    /// <paramref name="index"/> gives it. Throws on an index outside the axis (<paramref name="dimName"/>
    /// is the axis as the caller gave it, for the message).
    /// </summary>
    public static int[] GatherSources(int[] index, int[] indexStrides, int[] inputStrides, int axis, int axisSize, int dimName)
    {
        var source = new int[index.Length];
        int rank = indexStrides.Length;
        ParallelRange.For(index.Length, ParallelRange.ChunkSize(index.Length, minItemsPerChunk: 4096), (f0, f1) =>
        {
            for (int flat = f0; flat < f1; flat++)
            {
                int rem = flat, pos = 0;
                for (int a = 0; a < rank; a++)
                {
                    int coord = rem / indexStrides[a];
                    rem %= indexStrides[a];
                    if (a == axis)
                    {
                        coord = index[flat];
                        if (coord < 0 || coord >= axisSize)
                            throw new ArgumentOutOfRangeException(nameof(index), $"Gather index {coord} is outside axis {dimName} of size {axisSize}.");
                    }
                    pos += coord * inputStrides[a];
                }
                source[flat] = pos;
            }
        });
        return source;
    }

    /// <summary><c>y[i] = x[source[i]]</c>.</summary>
    public static void Gather(float[] x, int[] source, float[] y)
        => ParallelRange.For(source.Length, ParallelRange.ChunkSize(source.Length, minItemsPerChunk: 4096), (i0, i1) =>
        {
            for (int i = i0; i < i1; i++) y[i] = x[source[i]];
        });

    /// <summary>
    /// y = x with its axes reordered: y's axis i is x's axis <paramref name="order"/>[i].
    /// </summary>
    public static void Permute(float[] x, ReadOnlySpan<int> shape, int[] order, float[] y)
    {
        int rank = shape.Length;
        var inStrides = ShapeMath.Strides(shape);
        var outShape = new int[rank];
        var stridesInOutOrder = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            outShape[i] = shape[order[i]];
            stridesInOutOrder[i] = inStrides[order[i]];
        }
        int inner = rank == 0 ? 1 : outShape[rank - 1];
        int innerStride = rank == 0 ? 1 : stridesInOutOrder[rank - 1];
        int rows = inner == 0 ? 0 : y.Length / inner;
        ParallelRange.For(rows, Math.Max(1, 16384 / Math.Max(1, inner)), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                int rem = r, src = 0;
                for (int d = rank - 2; d >= 0; d--)
                {
                    int idx = rem % outShape[d];
                    rem /= outShape[d];
                    src += idx * stridesInOutOrder[d];
                }
                int dst = r * inner;
                if (innerStride == 1) Array.Copy(x, src, y, dst, inner);
                else for (int k = 0; k < inner; k++) y[dst + k] = x[src + k * innerStride];
            }
        });
    }

    /// <summary>
    /// Copies a block of <paramref name="count"/> rows of <paramref name="rowLength"/> elements,
    /// reading rows <paramref name="srcStride"/> apart and writing them <paramref name="dstStride"/> apart.
    /// Slicing and concatenation along any axis reduce to this.
    /// </summary>
    public static void CopyRows(float[] src, int srcOffset, int srcStride, float[] dst, int dstOffset, int dstStride, int count, int rowLength)
    {
        if (count == 0 || rowLength == 0) return;
        if (rowLength > PieceFloats)
        {
            ParallelRange.ForEachPiece(count, rowLength, PieceFloats, (r, start, length) =>
                Array.Copy(src, srcOffset + r * srcStride + start, dst, dstOffset + r * dstStride + start, length));
            return;
        }
        ParallelRange.For(count, Math.Max(1, PieceFloats / rowLength), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
                Array.Copy(src, srcOffset + r * srcStride, dst, dstOffset + r * dstStride, rowLength);
        });
    }

    /// <summary>
    /// Floats one chunk of a row copy moves (128 KiB): rows are grouped up to it, or cut into pieces of
    /// it, since a concatenation of one sample's channels is a single row of millions of floats.
    /// </summary>
    private const int PieceFloats = 32768;

    /// <summary>Adds rows like <see cref="CopyRows"/> copies them: dst row += src row.</summary>
    public static void AddRows(float[] src, int srcOffset, int srcStride, float[] dst, int dstOffset, int dstStride, int count, int rowLength)
    {
        if (count == 0 || rowLength == 0) return;
        if (rowLength > PieceFloats)
        {
            ParallelRange.ForEachPiece(count, rowLength, PieceFloats, (r, start, length) =>
            {
                var s = src.AsSpan(srcOffset + r * srcStride + start, length);
                var d = dst.AsSpan(dstOffset + r * dstStride + start, length);
                System.Numerics.Tensors.TensorPrimitives.Add(d, s, d);
            });
            return;
        }
        ParallelRange.For(count, Math.Max(1, PieceFloats / rowLength), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                var s = src.AsSpan(srcOffset + r * srcStride, rowLength);
                var d = dst.AsSpan(dstOffset + r * dstStride, rowLength);
                System.Numerics.Tensors.TensorPrimitives.Add(d, s, d);
            }
        });
    }
}
