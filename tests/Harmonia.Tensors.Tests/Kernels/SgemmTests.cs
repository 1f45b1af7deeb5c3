using Harmonia.Tensors.Kernels;
using Harmonia.Tensors.Kernels.Reference;

namespace Harmonia.Tensors.Tests.Kernels;

public class SgemmTests
{
    /// <summary>Every micro-kernel family, by name (the enum is internal); paths this machine lacks run on the runtime's software vectors.</summary>
    public static readonly TheoryData<string> Kinds = new(Enum.GetNames<GemmKernelKind>());

    /// <summary>
    /// Shapes chosen to hit tile edges, the KC/MC/NC block boundaries, the row super-blocks and both
    /// ways of reading B (packed, and in place when A has few rows) for every kernel.
    /// </summary>
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (3, 5, 7), (6, 16, 8), (8, 32, 4), (7, 17, 9), (12, 45, 300), (20, 50, 520), (25, 40, 300),
        (150, 33, 20), (2, 4200, 3), (1200, 5, 3), (2800, 2, 384),
    ];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void MatchesFloat64ReferenceForEveryTransposeAndShape(string kind)
    {
        using var forced = GemmKernelSelection.Force(Enum.Parse<GemmKernelKind>(kind));
        int seed = 0;
        foreach (var (m, n, k) in Shapes)
            foreach (bool transposeA in new[] { false, true })
                foreach (bool transposeB in new[] { false, true })
                    foreach (bool accumulate in new[] { false, true })
                        CheckAgainstReference(transposeA, transposeB, m, n, k, accumulate, seed++);
    }

    [Fact]
    public void ZeroDepthClearsOrKeepsC()
    {
        var c = TestArrays.Filled(6, 3f);
        Sgemm.Multiply(false, false, 2, 3, 0, [], 0, 1, [], 0, 3, c, 0, 3, accumulate: true);
        Assert.All(c, v => Assert.Equal(3f, v));
        Sgemm.Multiply(false, false, 2, 3, 0, [], 0, 1, [], 0, 3, c, 0, 3, accumulate: false);
        Assert.All(c, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void RejectsBadArguments()
    {
        var a = new float[6];
        var b = new float[6];
        var c = new float[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => Sgemm.Multiply(false, false, -1, 2, 3, a, 0, 3, b, 0, 2, c, 0, 2, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sgemm.Multiply(false, false, 2, 2, 3, a, 0, 2, b, 0, 2, c, 0, 2, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Sgemm.Multiply(false, false, 2, 2, 3, a, -1, 3, b, 0, 2, c, 0, 2, false));
        Assert.Throws<ArgumentException>(() => Sgemm.Multiply(false, false, 2, 2, 3, a, 1, 3, b, 0, 2, c, 0, 2, false));
        Assert.Throws<ArgumentException>(() => Sgemm.Multiply(false, true, 2, 2, 3, a, 0, 3, b, 0, 3, c, 1, 2, false));
        Assert.Throws<ArgumentNullException>(() => Sgemm.Multiply(false, false, 2, 2, 3, null!, 0, 3, b, 0, 2, c, 0, 2, false));
    }

    /// <summary>
    /// Runs one multiply with padded strides and offsets. C's padding holds a sentinel that must
    /// survive; when not accumulating, the window starts as NaN so any read of old C shows up.
    /// </summary>
    private static void CheckAgainstReference(bool transposeA, bool transposeB, int m, int n, int k, bool accumulate, int seed)
    {
        const int offset = 5, pad = 3;
        const float sentinel = 7.25f;
        int aRows = transposeA ? k : m, aColumns = transposeA ? m : k;
        int bRows = transposeB ? n : k, bColumns = transposeB ? k : n;
        int lda = aColumns + pad, ldb = bColumns + pad, ldc = n + pad;
        var a = TestArrays.Random(offset + aRows * lda, seed * 3 + 1);
        var b = TestArrays.Random(offset + bRows * ldb, seed * 3 + 2);
        var c = TestArrays.Filled(offset + m * ldc, sentinel);
        var initial = TestArrays.Random(m * n, seed * 3 + 3);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                c[offset + i * ldc + j] = accumulate ? initial[i * n + j] : float.NaN;

        Sgemm.Multiply(transposeA, transposeB, m, n, k, a, offset, lda, b, offset, ldb, c, offset, ldc, accumulate);

        var (expected, magnitude) = GemmReference.Multiply(transposeA, transposeB, m, n, k, a, offset, lda, b, offset, ldb, accumulate ? initial : null);
        var actual = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
                actual[i * n + j] = c[offset + i * ldc + j];
            for (int j = n; j < ldc && offset + i * ldc + j < c.Length; j++)
                Assert.Equal(sentinel, c[offset + i * ldc + j]);
        }
        for (int i = 0; i < offset; i++) Assert.Equal(sentinel, c[i]);

        KernelAssert.Close(expected, magnitude, actual, k, $"{m}x{n}x{k} transposeA={transposeA} transposeB={transposeB} accumulate={accumulate}");
    }
}

[Collection(ThreadCountCollection.Name)]
public class SgemmThreadCountTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void ResultsAreBitIdenticalForOneTwoAndThreeThreads(bool transposeA, bool transposeB)
    {
        // Large enough that every round forks (well over 2 MFLOP) and splits rows and columns into several tasks.
        const int m = 301, n = 530, k = 600;
        var a = TestArrays.Random(m * k, 11);
        var b = TestArrays.Random(k * n, 12);
        var initial = TestArrays.Random(m * n, 13);
        float[] Run(int threads) => ThreadCountCollection.WithThreads(threads, () =>
        {
            var c = (float[])initial.Clone();
            Sgemm.Multiply(transposeA, transposeB, m, n, k, a, 0, transposeA ? m : k, b, 0, transposeB ? k : n, c, 0, n, accumulate: true);
            return c;
        });

        var single = Run(1);
        KernelAssert.BitIdentical(single, Run(2), "2 threads");
        KernelAssert.BitIdentical(single, Run(3), "3 threads");
    }
}
