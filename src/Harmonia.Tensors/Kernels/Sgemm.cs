namespace Harmonia.Tensors.Kernels;

/// <summary>
/// Single-precision matrix multiply on row-major arrays, blocked for the caches, vectorized
/// (AVX-512, AVX2+FMA or scalar, chosen at run time) and multithreaded over blocks of C.
/// </summary>
/// <remarks>
/// Results are bit-identical for any <see cref="EngineSettings.Threads"/>: each element of C is
/// always computed by the same sequence of operations. They may differ in the last bits between
/// machines that take different vector paths.
/// </remarks>
public static class Sgemm
{
    /// <summary>
    /// <c>C[m×n] = op(A)·op(B)</c>, or <c>C += op(A)·op(B)</c> when <paramref name="accumulate"/>.
    /// Row-major storage; <paramref name="lda"/>, <paramref name="ldb"/>, <paramref name="ldc"/> are the
    /// row strides of A, B, C as stored (A is m×k stored, or k×m stored when <paramref name="transposeA"/>;
    /// B is k×n stored, or n×k stored when <paramref name="transposeB"/>).
    /// </summary>
    /// <remarks>C must not overlap A or B. With <paramref name="k"/> = 0, C becomes zero (or stays as is when accumulating).</remarks>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size, offset or stride is negative or too small.</exception>
    /// <exception cref="ArgumentException">A matrix does not fit inside its array.</exception>
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
        float[] c, int cOffset, int ldc, bool accumulate)
        => Multiply(new GemmOperands(transposeA, transposeB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, accumulate),
            allowParallel: true);

    /// <summary>
    /// The same multiply, optionally on the calling thread only: callers that already run
    /// independent multiplies in parallel pass <paramref name="allowParallel"/> = false.
    /// </summary>
    internal static void Multiply(in GemmOperands op, bool allowParallel)
    {
        Validate(op);
        if (op.M == 0 || op.N == 0) return;
        if (op.K == 0)
        {
            if (!op.Accumulate)
                for (int i = 0; i < op.M; i++) Array.Clear(op.C, op.COffset + i * op.Ldc, op.N);
            return;
        }

        switch (GemmKernelSelection.Current)
        {
            case GemmKernelKind.Vector512: GemmDriver<Vector512MicroKernel>.Multiply(op, allowParallel); break;
            case GemmKernelKind.Vector256: GemmDriver<Vector256MicroKernel>.Multiply(op, allowParallel); break;
            default: GemmDriver<ScalarMicroKernel>.Multiply(op, allowParallel); break;
        }
    }

    private static void Validate(in GemmOperands op)
    {
        ArgumentNullException.ThrowIfNull(op.A, "a");
        ArgumentNullException.ThrowIfNull(op.B, "b");
        ArgumentNullException.ThrowIfNull(op.C, "c");
        ArgumentOutOfRangeException.ThrowIfNegative(op.M, "m");
        ArgumentOutOfRangeException.ThrowIfNegative(op.N, "n");
        ArgumentOutOfRangeException.ThrowIfNegative(op.K, "k");
        CheckMatrix("A", op.A, op.AOffset, op.Lda, op.TransposeA ? op.K : op.M, op.TransposeA ? op.M : op.K, "lda");
        CheckMatrix("B", op.B, op.BOffset, op.Ldb, op.TransposeB ? op.N : op.K, op.TransposeB ? op.K : op.N, "ldb");
        CheckMatrix("C", op.C, op.COffset, op.Ldc, op.M, op.N, "ldc");
    }

    /// <summary>Checks that a stored rows×columns matrix with the given stride lies inside its array.</summary>
    private static void CheckMatrix(string name, float[] array, int offset, int stride, int rows, int columns, string strideName)
    {
        if (offset < 0)
            throw new ArgumentOutOfRangeException($"{char.ToLowerInvariant(name[0])}Offset", offset, $"The offset of {name} must not be negative.");
        if (stride < Math.Max(1, columns))
            throw new ArgumentOutOfRangeException(strideName, stride, $"The row stride of {name} must be at least its stored width {columns} (and at least 1).");
        if (rows == 0 || columns == 0) return;
        long last = offset + (long)(rows - 1) * stride + columns;
        if (last > array.Length)
            throw new ArgumentException($"{name} ({rows}×{columns} stored, row stride {stride}, offset {offset}) needs {last} floats but its array has {array.Length}.");
    }
}
