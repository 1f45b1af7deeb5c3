using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Forward;

/// <summary>Constant/reflect padding and top-k against constructive references.</summary>
public class PaddingAndTopKForwardTests
{
    /// <summary>
    /// The source index of every padded position along one axis, built by writing out the padded
    /// sequence: reflection mirrors around the edge element without repeating it; −1 marks the constant.
    /// Negative amounts crop afterwards.
    /// </summary>
    private static int[] PaddedAxis(int size, int before, int after, bool reflect)
    {
        var sequence = new List<int>();
        for (int k = Math.Max(before, 0); k >= 1; k--) sequence.Add(reflect ? k : -1);
        sequence.AddRange(Enumerable.Range(0, size));
        for (int k = 1; k <= Math.Max(after, 0); k++) sequence.Add(reflect ? size - 1 - k : -1);
        int cropFront = Math.Max(-before, 0), cropBack = Math.Max(-after, 0);
        return sequence.Skip(cropFront).Take(sequence.Count - cropFront - cropBack).ToArray();
    }

    public static TheoryData<int, int, int, int, bool> Pads => new()
    {
        // left, right, top, bottom, reflect
        { 1, 1, 1, 1, false },
        { 2, 0, 3, 1, false },
        { 1, 1, 1, 1, true },
        { 3, 2, 1, 4, true },
        { 0, 4, 4, 0, true },
        { -1, 2, 1, -2, false },
        { 2, -2, -1, 3, true },
    };

    [Theory]
    [MemberData(nameof(Pads))]
    public void PadMatchesTheWrittenOutSequence(int left, int right, int top, int bottom, bool reflect)
    {
        int n = 2, c = 3, h = 5, w = 6;
        var x = TestData.Uniform(new System.Random(TestData.SeedOf(left, right, top, bottom, reflect)), [n, c, h, w]);
        const float fill = -7.5f;
        var y = Pad(x, left, right, top, bottom, reflect ? PaddingMode.Reflect : PaddingMode.Constant, fill);
        var rows = PaddedAxis(h, top, bottom, reflect);
        var cols = PaddedAxis(w, left, right, reflect);
        int oh = rows.Length, ow = cols.Length;
        var expected = new double[n * c * oh * ow];
        for (int p = 0; p < n * c; p++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                    expected[(p * oh + oy) * ow + ox] = rows[oy] < 0 || cols[ox] < 0 ? fill : x.Data[(p * h + rows[oy]) * w + cols[ox]];
        TensorAssert.Close([n, c, oh, ow], expected, y, atol: 0, rtol: 0);
    }

    [Fact]
    public void ReflectPaddingHandWorked()
    {
        // [a b c] padded by 2 on the left and 1 on the right: [c b a b c b].
        var x = Tensor.FromArray([1f, 2f, 3f], 1, 1, 1, 3);
        TensorAssert.Close([1, 1, 1, 6], [3, 2, 1, 2, 3, 2], Pad(x, 2, 1, 0, 0, PaddingMode.Reflect), atol: 0, rtol: 0);
        TensorAssert.Close([1, 1, 1, 4], [0, 1, 2, 3], Pad(x, 1, 0, 0, 0), atol: 0, rtol: 0);
    }

    [Fact]
    public void PadRejectsReflectionAsWideAsThePlaneAndTotalCrops()
    {
        var x = Tensor.Zeros(1, 1, 3, 3);
        Assert.Throws<ArgumentException>(() => Pad(x, 3, 0, 0, 0, PaddingMode.Reflect));
        Assert.Throws<ArgumentException>(() => Pad(x, 0, 0, -2, -1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public void TopKReturnsLargestFirstWithLowerIndexFirstOnTies(int k)
    {
        var rng = new System.Random(TestData.SeedOf("topk", k));
        int[] shape = [3, 4, 10];
        // Values from a small set, so ties are frequent.
        var x = Tensor.FromArray(Enumerable.Range(0, 120).Select(_ => (float)rng.Next(5) - 2).ToArray(), shape);
        var (values, indices) = TopK(x, k);
        Assert.Equal([3, 4, k], values.Shape);
        var expectedValues = new double[12 * k];
        var expectedIndices = new int[12 * k];
        for (int r = 0; r < 12; r++)
        {
            // OrderByDescending is stable, so equal values keep ascending index order.
            var order = Enumerable.Range(0, 10).OrderByDescending(i => x.Data[r * 10 + i]).Take(k).ToArray();
            for (int j = 0; j < k; j++)
            {
                expectedIndices[r * k + j] = order[j];
                expectedValues[r * k + j] = x.Data[r * 10 + order[j]];
            }
        }
        TensorAssert.Close([3, 4, k], expectedValues, values, atol: 0, rtol: 0);
        Assert.Equal(expectedIndices, indices);
    }

    [Fact]
    public void TopKHandWorkedTiesAndNaN()
    {
        var (values, indices) = TopK(Tensor.FromArray([1f, 3f, 2f, 3f, 1f], 5), 4);
        Assert.Equal([3f, 3f, 2f, 1f], values.Data);
        Assert.Equal([1, 3, 2, 0], indices);
        // PyTorch ranks NaN above every number.
        var (withNaN, nanIndices) = TopK(Tensor.FromArray([1f, float.NaN, 5f], 3), 2);
        Assert.True(float.IsNaN(withNaN.Data[0]));
        Assert.Equal(5f, withNaN.Data[1]);
        Assert.Equal([1, 2], nanIndices);
    }

    [Fact]
    public void TopKRejectsKOutsideTheAxis()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TopK(Tensor.Zeros(2, 3), 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => TopK(Tensor.Zeros(2, 3), 0));
        Assert.Throws<ArgumentException>(() => TopK(Tensor.Scalar(1f), 1));
    }
}
