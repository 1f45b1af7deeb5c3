using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Forward;

/// <summary>Layout ops (permute, reshape, slicing, concatenation, gathering) against index-by-index references.</summary>
public class ShapeForwardTests
{
    public static IEnumerable<object[]> Permutations()
    {
        int[][] orders = [[0, 1, 2, 3], [3, 2, 1, 0], [0, 2, 3, 1], [0, 3, 1, 2], [1, 0, 3, 2], [2, 0, 1, 3], [-1, 0, -3, 2]];
        return orders.Select(o => new object[] { o });
    }

    [Theory]
    [MemberData(nameof(Permutations))]
    public void PermuteMovesEveryElementToItsPermutedCoordinates(int[] order)
    {
        int[] shape = [2, 3, 5, 7];
        var x = TestData.Uniform(new System.Random(TestData.SeedOf(order)), shape);
        var normalized = order.Select(d => d < 0 ? d + 4 : d).ToArray();
        var outShape = normalized.Select(d => shape[d]).ToArray();
        var expected = new double[x.Numel];
        for (int i = 0; i < expected.Length; i++)
        {
            var outCoords = Indexing.Unravel(i, outShape);
            var inCoords = new int[4];
            for (int k = 0; k < 4; k++) inCoords[normalized[k]] = outCoords[k];
            expected[i] = x.Data[Indexing.Ravel(inCoords, shape)];
        }
        TensorAssert.Close(outShape, expected, Permute(x, order), atol: 0, rtol: 0);
    }

    [Fact]
    public void TransposeSwapsTwoAxes()
    {
        var x = TestData.Uniform(new System.Random(1), [3, 4, 5]);
        var y = Transpose(x, 0, -1);
        Assert.Equal([5, 4, 3], y.Shape);
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 4; b++)
                for (int c = 0; c < 5; c++)
                    Assert.Equal(x.Data[(a * 4 + b) * 5 + c], y.Data[(c * 4 + b) * 3 + a]);
    }

    [Fact]
    public void PermuteRejectsBadOrders()
    {
        var x = Tensor.Zeros(2, 3, 4);
        Assert.Throws<ArgumentException>(() => Permute(x, 0, 1));
        Assert.Throws<ArgumentException>(() => Permute(x, 0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Permute(x, 0, 1, 3));
    }

    [Fact]
    public void ReshapeUnsqueezeSqueezeKeepDataOrder()
    {
        var x = TestData.Uniform(new System.Random(2), [2, 3, 4]);
        var r = x.Reshape(4, -1);
        Assert.Equal([4, 6], r.Shape);
        Assert.Equal(x.Data, r.Data);
        Assert.Equal([2, 3, 4, 1], Unsqueeze(x, -1).Shape);
        Assert.Equal([1, 2, 3, 4], Unsqueeze(x, 0).Shape);
        Assert.Equal([2, 3, 1, 4], Unsqueeze(x, 2).Shape);
        Assert.Equal([2, 1, 3, 4], Unsqueeze(x, -3).Shape);
        Assert.Equal([2, 3, 4], Squeeze(Unsqueeze(x, 1), 1).Shape);
        Assert.Equal([2, 3, 4], Squeeze(Unsqueeze(x, 3), -1).Shape);
        Assert.Equal(x.Data, Squeeze(Unsqueeze(x, 1), 1).Data);
    }

    [Fact]
    public void ReshapeAndSqueezeRejectImpossibleShapes()
    {
        var x = Tensor.Zeros(2, 3);
        Assert.Throws<ArgumentException>(() => x.Reshape(4, -1));
        Assert.Throws<ArgumentException>(() => x.Reshape(-1, -1));
        Assert.Throws<ArgumentException>(() => x.Reshape(7));
        Assert.Throws<ArgumentException>(() => Squeeze(x, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Unsqueeze(x, 4));
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 0, 2)]
    [InlineData(2, 2, 3)]
    [InlineData(3, 4, 3)]
    [InlineData(-1, 0, 7)]
    public void NarrowTakesARangeAlongAnAxis(int dim, int start, int length)
    {
        int[] shape = [2, 3, 5, 7];
        var x = TestData.Uniform(new System.Random(TestData.SeedOf(dim, start, length)), shape);
        int d = dim < 0 ? dim + 4 : dim;
        var outShape = (int[])shape.Clone();
        outShape[d] = length;
        var expected = new double[Indexing.Count(outShape)];
        for (int i = 0; i < expected.Length; i++)
        {
            var coords = Indexing.Unravel(i, outShape);
            coords[d] += start;
            expected[i] = x.Data[Indexing.Ravel(coords, shape)];
        }
        TensorAssert.Close(outShape, expected, Narrow(x, dim, start, length), atol: 0, rtol: 0);
    }

    [Fact]
    public void NarrowRejectsRangesOutsideTheAxis()
    {
        var x = Tensor.Zeros(2, 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => Narrow(x, 1, 3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Narrow(x, 1, -1, 2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(-2)]
    public void CatJoinsAlongAnAxisAndSplitUndoesIt(int dim)
    {
        int d = dim < 0 ? dim + 4 : dim;
        int[] sizes = [2, 1, 3];
        var rng = new System.Random(TestData.SeedOf("cat", dim));
        var parts = sizes.Select(s =>
        {
            int[] shape = [2, 3, 4, 5];
            shape[d] = s;
            return TestData.Uniform(rng, shape);
        }).ToArray();
        var y = Cat(parts, dim);

        int[] outShape = [2, 3, 4, 5];
        outShape[d] = sizes.Sum();
        var expected = new double[Indexing.Count(outShape)];
        for (int i = 0; i < expected.Length; i++)
        {
            var coords = Indexing.Unravel(i, outShape);
            int part = 0, along = coords[d];
            while (along >= sizes[part]) along -= sizes[part++];
            coords[d] = along;
            expected[i] = parts[part].Data[Indexing.Ravel(coords, parts[part].Shape)];
        }
        TensorAssert.Close(outShape, expected, y, atol: 0, rtol: 0);

        var pieces = Split(y, sizes, dim);
        Assert.Equal(3, pieces.Length);
        for (int p = 0; p < 3; p++)
        {
            Assert.Equal(parts[p].Shape, pieces[p].Shape);
            Assert.Equal(parts[p].Data, pieces[p].Data);
        }
    }

    [Fact]
    public void RowsLongerThanACopyChunkAreCopiedAndAddedWhole()
    {
        // One sample's channels are one row of 3·50·300 = 45,000 floats, cut into pieces of 32,768 for the cores.
        var rng = new System.Random(TestData.SeedOf("long rows"));
        var a = TestData.Uniform(rng, [1, 1, 50, 300]);
        var b = TestData.Uniform(rng, [1, 2, 50, 300]);
        var y = Cat([a, b], 1);
        Assert.Equal(a.Data, y.Data[..15000]);
        Assert.Equal(b.Data, y.Data[15000..]);

        // IndexSelect's backward adds the gradient rows back, here one row of 45,000 per pick.
        var x = TestData.Uniform(rng, [2, 3, 50, 300]);
        x.RequiresGrad = true;
        var picked = IndexSelect(x, 0, [1, 1, 0]);
        Assert.Equal(x.Data[45000..], picked.Data[..45000]);
        Sum(picked * picked).Backward();
        for (int i = 0; i < x.Numel; i++)
            Assert.Equal(i < 45000 ? 2 * x.Data[i] : 4 * x.Data[i], x.Grad!.Data[i], 1e-6f);
    }

    [Fact]
    public void CatAndSplitRejectMismatches()
    {
        Assert.Throws<ArgumentException>(() => Cat([Tensor.Zeros(2, 3), Tensor.Zeros(3, 3)], 1));
        Assert.Throws<ArgumentException>(() => Cat([Tensor.Zeros(2, 3), Tensor.Zeros(2, 3, 1)], 0));
        Assert.Throws<ArgumentException>(() => Cat(Array.Empty<Tensor>(), 0));
        Assert.Throws<ArgumentException>(() => Split(Tensor.Zeros(2, 5), [2, 2], 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void GatherPicksAlongAnAxisWithASmallerIndex(int dim)
    {
        int[] shape = [4, 5, 6];
        // Index smaller than the input off the axis, larger along it (allowed by torch.gather).
        int[] indexShape = [3, 4, 5];
        indexShape[dim] = 7;
        var rng = new System.Random(TestData.SeedOf("gather", dim));
        var x = TestData.Uniform(rng, shape);
        var index = TestData.Indices(rng, Indexing.Count(indexShape), shape[dim]);
        var y = Gather(x, dim, index, indexShape);
        var expected = new double[index.Length];
        for (int i = 0; i < index.Length; i++)
        {
            var coords = Indexing.Unravel(i, indexShape);
            coords[dim] = index[i];
            expected[i] = x.Data[Indexing.Ravel(coords, shape)];
        }
        TensorAssert.Close(indexShape, expected, y, atol: 0, rtol: 0);
    }

    [Fact]
    public void GatherRejectsBadIndices()
    {
        var x = Tensor.Zeros(2, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gather(x, 1, [0, 3], [1, 2]));
        Assert.Throws<ArgumentException>(() => Gather(x, 1, [0, 1], [2]));
        Assert.Throws<ArgumentException>(() => Gather(x, 1, [0, 1, 2], [3, 1]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void IndexSelectPicksRowsInOrderWithRepeats(int dim)
    {
        int[] shape = [3, 4, 2, 5];
        var rng = new System.Random(TestData.SeedOf("index_select", dim));
        var x = TestData.Uniform(rng, shape);
        int[] indices = [shape[dim] - 1, 0, shape[dim] - 1, 1];
        var y = IndexSelect(x, dim, indices);
        var outShape = (int[])shape.Clone();
        outShape[dim] = indices.Length;
        var expected = new double[Indexing.Count(outShape)];
        for (int i = 0; i < expected.Length; i++)
        {
            var coords = Indexing.Unravel(i, outShape);
            coords[dim] = indices[coords[dim]];
            expected[i] = x.Data[Indexing.Ravel(coords, shape)];
        }
        TensorAssert.Close(outShape, expected, y, atol: 0, rtol: 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => IndexSelect(x, dim, [shape[dim]]));
    }

    [Fact]
    public void ATensorKeepsItsOwnCopyOfTheShapeItWasMadeWith()
    {
        int[] shape = [2, 3];
        var made = Tensor.FromArray(new float[6], shape);
        var empty = Tensor.Zeros(shape);
        var reshaped = made.Reshape(shape[1], shape[0]);

        shape[0] = 99;

        Assert.Equal([2, 3], made.Shape.ToArray());
        Assert.Equal([2, 3], empty.Shape.ToArray());
        Assert.Equal([3, 2], reshaped.Shape.ToArray());
        Assert.Equal([2, 3], made.Detach().Shape.ToArray());
    }
}
