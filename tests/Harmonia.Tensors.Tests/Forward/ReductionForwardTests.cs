using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Forward;

/// <summary>Sum, mean, variance, max/min and SumToShape against float64 loops.</summary>
public class ReductionForwardTests
{
    private static readonly int[] Shape = [2, 3, 5, 7];

    public static IEnumerable<object[]> DimSets()
    {
        int[][] sets = [[0], [1], [3], [-1], [0, 2], [1, 3], [2, 3], [0, 1, 2], [0, 1, 2, 3], [3, 0]];
        foreach (var dims in sets)
            foreach (var keep in new[] { false, true })
                yield return [dims, keep];
    }

    /// <summary>
    /// Groups the elements of <see cref="Shape"/> by their coordinates off <paramref name="dims"/>;
    /// returns each element's group and the result shape (reduced axes removed or kept as 1).
    /// </summary>
    private static (int[] GroupOf, int GroupCount, int[] ResultShape) Groups(int[] dims, bool keepDim)
    {
        var reduced = new bool[Shape.Length];
        foreach (var d in dims) reduced[d < 0 ? d + Shape.Length : d] = true;
        var keptShape = Shape.Select((s, i) => reduced[i] ? 1 : s).ToArray();
        var groupOf = new int[Indexing.Count(Shape)];
        for (int i = 0; i < groupOf.Length; i++)
        {
            var coords = Indexing.Unravel(i, Shape);
            for (int d = 0; d < coords.Length; d++) if (reduced[d]) coords[d] = 0;
            groupOf[i] = Indexing.Ravel(coords, keptShape);
        }
        var resultShape = keepDim ? keptShape : Shape.Where((_, i) => !reduced[i]).ToArray();
        return (groupOf, Indexing.Count(keptShape), resultShape);
    }

    [Theory]
    [MemberData(nameof(DimSets))]
    public void SumAndMeanOverDims(int[] dims, bool keepDim)
    {
        var x = TestData.Uniform(new System.Random(TestData.SeedOf("sum", dims, keepDim)), Shape, -3, 3);
        var (groupOf, groups, resultShape) = Groups(dims, keepDim);
        var sum = new double[groups];
        var count = new int[groups];
        for (int i = 0; i < x.Numel; i++) { sum[groupOf[i]] += x.Data[i]; count[groupOf[i]]++; }
        TensorAssert.Close(resultShape, sum, Sum(x, dims, keepDim), atol: 1e-5, rtol: 1e-6);
        TensorAssert.Close(resultShape, sum.Select((s, g) => s / count[g]).ToArray(), Mean(x, dims, keepDim), atol: 1e-6, rtol: 1e-6);
    }

    [Theory]
    [MemberData(nameof(DimSets))]
    public void VarianceUnbiasedAndBiased(int[] dims, bool keepDim)
    {
        var x = TestData.Uniform(new System.Random(TestData.SeedOf("var", dims, keepDim)), Shape, -3, 3);
        var (groupOf, groups, resultShape) = Groups(dims, keepDim);
        var mean = new double[groups];
        var count = new int[groups];
        for (int i = 0; i < x.Numel; i++) { mean[groupOf[i]] += x.Data[i]; count[groupOf[i]]++; }
        for (int g = 0; g < groups; g++) mean[g] /= count[g];
        var squares = new double[groups];
        for (int i = 0; i < x.Numel; i++) squares[groupOf[i]] += Math.Pow(x.Data[i] - mean[groupOf[i]], 2);

        TensorAssert.Close(resultShape, squares.Select((s, g) => s / (count[g] - 1)).ToArray(), Var(x, dims, unbiased: true, keepDim: keepDim), atol: 1e-6, rtol: 1e-5);
        TensorAssert.Close(resultShape, squares.Select((s, g) => s / count[g]).ToArray(), Var(x, dims, unbiased: false, keepDim: keepDim), atol: 1e-6, rtol: 1e-5);
    }

    [Fact]
    public void VarianceDefaultIsUnbiasedLikeTorchVar()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 4);
        Assert.Equal(5.0 / 3.0, Var(x, [0]).Item(), 6);
        Assert.Equal(1.25, Var(x, [0], unbiased: false).Item(), 6);
    }

    [Fact]
    public void WholeTensorReductionsReturnScalars()
    {
        var x = TestData.Uniform(new System.Random(5), [3, 4, 5], -2, 2);
        var sum = Sum(x);
        Assert.Equal(0, sum.Rank);
        Assert.Equal(x.Data.Sum(v => (double)v), sum.Item(), 4);
        Assert.Equal(0, Mean(x).Rank);
        Assert.Equal(x.Data.Average(v => (double)v), Mean(x).Item(), 5);
        Assert.Equal(x.Data.Max(), Max(x).Item());
        Assert.Equal(x.Data.Min(), Min(x).Item());
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(-1, true)]
    public void MaxAlongDimReturnsValuesAndFirstIndexOfTies(int dim, bool keepDim)
    {
        int[] shape = [3, 4, 6];
        var rng = new System.Random(TestData.SeedOf("max", dim));
        // Few distinct values, so ties are common.
        var x = Tensor.FromArray(Enumerable.Range(0, 72).Select(_ => (float)rng.Next(3)).ToArray(), shape);
        int d = dim < 0 ? dim + shape.Length : dim;
        var (values, indices) = Max(x, dim, keepDim);

        var outShape = keepDim ? shape.Select((s, i) => i == d ? 1 : s).ToArray() : shape.Where((_, i) => i != d).ToArray();
        var keptShape = shape.Select((s, i) => i == d ? 1 : s).ToArray();
        var expectedValues = new double[Indexing.Count(keptShape)];
        var expectedIndices = new int[expectedValues.Length];
        for (int r = 0; r < expectedValues.Length; r++)
        {
            var coords = Indexing.Unravel(r, keptShape);
            double best = double.NegativeInfinity;
            for (int k = 0; k < shape[d]; k++)
            {
                coords[d] = k;
                double v = x.Data[Indexing.Ravel(coords, shape)];
                if (v > best) { best = v; expectedIndices[r] = k; }
            }
            expectedValues[r] = best;
        }
        TensorAssert.Close(outShape, expectedValues, values, atol: 0, rtol: 0);
        Assert.Equal(expectedIndices, indices);
    }

    public static TheoryData<int[], int[]> SumToShapeCases => new()
    {
        { new[] { 2, 3, 4, 5 }, new[] { 3, 1, 1 } },
        { new[] { 2, 3, 4, 5 }, new[] { 1, 5 } },
        { new[] { 2, 3, 4, 5 }, Array.Empty<int>() },
        { new[] { 2, 3, 4, 5 }, new[] { 5 } },
        { new[] { 2, 3, 4, 5 }, new[] { 2, 1, 4, 1 } },
        { new[] { 2, 3, 4, 5 }, new[] { 2, 3, 4, 5 } },
        { new[] { 6, 11 }, new[] { 6, 1 } },
    };

    [Theory]
    [MemberData(nameof(SumToShapeCases))]
    public void SumToShapeUndoesBroadcasting(int[] from, int[] to)
    {
        var x = TestData.Uniform(new System.Random(TestData.SeedOf(from, to)), from);
        var expected = new double[Indexing.Count(to)];
        for (int i = 0; i < x.Numel; i++) expected[Indexing.BroadcastSource(Indexing.Unravel(i, from), to)] += x.Data[i];
        TensorAssert.Close(to, expected, SumToShape(x, to), atol: 1e-5, rtol: 1e-6);
    }

    [Fact]
    public void MaxAndMinOfAnEmptyAxisAreRejected()
    {
        // Regression: used to throw IndexOutOfRangeException from inside the kernel.
        Assert.Throws<ArgumentException>(() => Max(Tensor.Zeros(2, 0), 1));
        Assert.Throws<ArgumentException>(() => Max(Tensor.Zeros(0)));
        Assert.Throws<ArgumentException>(() => Min(Tensor.Zeros(3, 0)));
        // An empty non-reduced axis is fine.
        Assert.Equal([0], Max(Tensor.Zeros(0, 4), 1).Values.Shape);
    }

    [Fact]
    public void ReductionRejectsRepeatedOrOutOfRangeAxes()
    {
        var x = Tensor.Zeros(2, 3);
        Assert.Throws<ArgumentException>(() => Sum(x, [1, -1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mean(x, [2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Max(x, -3));
    }
}
