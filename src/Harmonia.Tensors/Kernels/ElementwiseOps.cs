using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Harmonia.Tensors.Threading;

namespace Harmonia.Tensors.Kernels;

/// <summary>
/// A scalar function of two floats with a SIMD twin. Implemented by small structs so the
/// JIT specialises each loop for its op: one generic loop serves every binary op at full speed.
/// </summary>
internal interface IBinaryOp
{
    /// <summary>The op on one pair of values.</summary>
    static abstract float Apply(float a, float b);
    /// <summary>The op on eight pairs of values.</summary>
    static abstract Vector256<float> Apply(Vector256<float> a, Vector256<float> b);
}

internal readonly struct AddOp : IBinaryOp
{
    public static float Apply(float a, float b) => a + b;
    public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a + b;
}
internal readonly struct SubOp : IBinaryOp
{
    public static float Apply(float a, float b) => a - b;
    public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a - b;
}
internal readonly struct MulOp : IBinaryOp
{
    public static float Apply(float a, float b) => a * b;
    public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a * b;
}
internal readonly struct DivOp : IBinaryOp
{
    public static float Apply(float a, float b) => a / b;
    public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a / b;
}
// Minimum and maximum propagate NaN from either side, like torch.minimum/maximum: a plain
// comparison would silently drop a NaN in a (NaN < b is false, so b is chosen).
internal readonly struct MinOp : IBinaryOp
{
    public static float Apply(float a, float b) => a < b || float.IsNaN(a) ? a : b;
    public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b)
        => Vector256.ConditionalSelect(Vector256.LessThan(a, b) | ~Vector256.Equals(a, a), a, b);
}
internal readonly struct MaxOp : IBinaryOp
{
    public static float Apply(float a, float b) => a > b || float.IsNaN(a) ? a : b;
    public static Vector256<float> Apply(Vector256<float> a, Vector256<float> b)
        => Vector256.ConditionalSelect(Vector256.GreaterThan(a, b) | ~Vector256.Equals(a, a), a, b);
}

/// <summary>Loops that apply <see cref="IBinaryOp"/> and span functions over buffers.</summary>
internal static class ElementwiseLoops
{
    /// <summary>Elements per parallel chunk: large enough to amortise scheduling, small enough to balance.</summary>
    private const int ChunkElements = 1 << 16;

    /// <summary>A vectorised function from one span to another of the same length (e.g. a TensorPrimitives method).</summary>
    public delegate void SpanMap(ReadOnlySpan<float> x, Span<float> y);

    /// <summary>A vectorised function of two spans into a third.</summary>
    public delegate void SpanZip(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y);

    /// <summary>
    /// Calls <paramref name="body"/>(start, end) over fixed chunks of <c>[0, count)</c>, in parallel:
    /// for loops whose every element is independent of the others (a backward's pointwise rule).
    /// </summary>
    public static void ForChunks(int count, Action<int, int> body) => ParallelRange.For(count, ChunkElements, body);

    /// <summary>Sets the first <paramref name="count"/> elements of <paramref name="y"/> to zero, in parallel chunks.</summary>
    public static void Clear(float[] y, int count)
        => ParallelRange.For(count, ChunkElements, (start, end) => y.AsSpan(start, end - start).Clear());

    /// <summary>Runs <paramref name="map"/> over fixed chunks of <paramref name="x"/>, in parallel.</summary>
    public static void Map(float[] x, float[] y, SpanMap map)
        => ParallelRange.For(x.Length, ChunkElements, (start, end) => map(x.AsSpan(start, end - start), y.AsSpan(start, end - start)));

    /// <summary>Runs <paramref name="zip"/> over fixed chunks of two same-length buffers, in parallel.</summary>
    public static void Zip(float[] a, float[] b, float[] y, SpanZip zip)
        => ParallelRange.For(a.Length, ChunkElements, (start, end) => zip(a.AsSpan(start, end - start), b.AsSpan(start, end - start), y.AsSpan(start, end - start)));

    /// <summary>
    /// out = op(a, b) with NumPy broadcasting: <paramref name="aStrides"/> and <paramref name="bStrides"/>
    /// are the operands' strides over <paramref name="shape"/> (0 where broadcast).
    /// </summary>
    public static void Broadcast<TOp>(float[] a, int[] aStrides, float[] b, int[] bStrides, float[] output, ReadOnlySpan<int> shape)
        where TOp : struct, IBinaryOp
    {
        var (dims, sa, sb) = Coalesce(shape, aStrides, bStrides);
        int inner = dims[^1], innerA = sa[^1], innerB = sb[^1];
        int rows = output.Length / Math.Max(inner, 1);
        if (output.Length == 0) return;
        if (inner > ChunkElements)
        {
            // Long rows (two same-shape tensors coalesce into one row of every element) are cut
            // into pieces, or a whole op would run as one chunk on one core. Each element is
            // computed alone, so the cut does not change any value.
            ParallelRange.ForEachPiece(rows, inner, ChunkElements, (r, start, length) =>
            {
                var (offA, offB) = RowOffsets(r, dims, sa, sb);
                Row<TOp>(a, offA + start * innerA, innerA, b, offB + start * innerB, innerB, output, r * inner + start, length);
            });
            return;
        }
        int rowsPerChunk = Math.Max(1, ChunkElements / Math.Max(inner, 1));
        ParallelRange.For(rows, rowsPerChunk, (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                var (offA, offB) = RowOffsets(r, dims, sa, sb);
                Row<TOp>(a, offA, innerA, b, offB, innerB, output, r * inner, inner);
            }
        });
    }

    /// <summary>Odometer over the outer dims: where row <paramref name="row"/> starts in a and in b.</summary>
    private static (int OffsetA, int OffsetB) RowOffsets(int row, int[] dims, int[] sa, int[] sb)
    {
        int rem = row, offA = 0, offB = 0;
        for (int d = dims.Length - 2; d >= 0; d--)
        {
            int idx = rem % dims[d];
            rem /= dims[d];
            offA += idx * sa[d];
            offB += idx * sb[d];
        }
        return (offA, offB);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row<TOp>(float[] a, int offA, int strideA, float[] b, int offB, int strideB, float[] o, int offO, int n)
        where TOp : struct, IBinaryOp
    {
        int i = 0;
        ref float ar = ref a[0];
        ref float br = ref b[0];
        ref float or = ref o[0];
        if (strideA == 1 && strideB == 1)
        {
            for (; i + 8 <= n; i += 8)
                TOp.Apply(Vector256.LoadUnsafe(ref ar, (nuint)(offA + i)), Vector256.LoadUnsafe(ref br, (nuint)(offB + i))).StoreUnsafe(ref or, (nuint)(offO + i));
        }
        else if (strideA == 1 && strideB == 0)
        {
            var vb = Vector256.Create(b[offB]);
            for (; i + 8 <= n; i += 8)
                TOp.Apply(Vector256.LoadUnsafe(ref ar, (nuint)(offA + i)), vb).StoreUnsafe(ref or, (nuint)(offO + i));
        }
        else if (strideA == 0 && strideB == 1)
        {
            var va = Vector256.Create(a[offA]);
            for (; i + 8 <= n; i += 8)
                TOp.Apply(va, Vector256.LoadUnsafe(ref br, (nuint)(offB + i))).StoreUnsafe(ref or, (nuint)(offO + i));
        }
        for (; i < n; i++) o[offO + i] = TOp.Apply(a[offA + i * strideA], b[offB + i * strideB]);
    }

    /// <summary>
    /// Merges neighbouring dims that both operands traverse the same way (both contiguous, or
    /// both broadcast), so the inner loop is as long as possible.
    /// </summary>
    private static (int[] Dims, int[] StridesA, int[] StridesB) Coalesce(ReadOnlySpan<int> shape, int[] aStrides, int[] bStrides)
    {
        var dims = new List<int>();
        var sa = new List<int>();
        var sb = new List<int>();
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 1) continue; // size-1 dims carry no information
            if (dims.Count > 0)
            {
                int last = dims.Count - 1;
                bool aJoin = sa[last] == aStrides[d] * shape[d];
                bool bJoin = sb[last] == bStrides[d] * shape[d];
                if (aJoin && bJoin)
                {
                    dims[last] *= shape[d];
                    sa[last] = aStrides[d];
                    sb[last] = bStrides[d];
                    continue;
                }
            }
            dims.Add(shape[d]);
            sa.Add(aStrides[d]);
            sb.Add(bStrides[d]);
        }
        if (dims.Count == 0) { dims.Add(1); sa.Add(0); sb.Add(0); }
        return (dims.ToArray(), sa.ToArray(), sb.ToArray());
    }
}
