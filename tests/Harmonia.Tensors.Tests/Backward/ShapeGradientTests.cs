using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Backward;

/// <summary>Gradients through layout ops, padding, pixel shuffles and top-k.</summary>
public class ShapeGradientTests
{
    private static Tensor Input(int[] shape, params object[] seed) => TestData.Uniform(new System.Random(TestData.SeedOf(seed)), shape, -2, 2);

    /// <summary>A fixed non-linear function of the result, so a gradient routed to the wrong element shows.</summary>
    private static Tensor Square(Tensor y) => Mul(y, y);

    [Fact]
    public void PermuteTransposeReshapeGradients()
    {
        var x = Input([2, 3, 4], "layout");
        GradientCheck.Check(xs => Square(Permute(xs[0], 2, 0, 1)), [x]);
        GradientCheck.Check(xs => Square(Transpose(xs[0], 0, 2)), [x]);
        GradientCheck.Check(xs => Square(xs[0].Reshape(6, -1)), [x]);
        GradientCheck.Check(xs => Square(Squeeze(Unsqueeze(xs[0], 1), 1)), [x]);
        // A reshaped view combined with its source: both paths add into the same gradient.
        GradientCheck.Check(xs => Mul(Permute(xs[0].Reshape(4, 6), 1, 0).Reshape(2, 3, 4), xs[0]), [x]);
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 1, 2)]
    [InlineData(2, 0, 3)]
    public void NarrowAndSplitGradients(int dim, int start, int length)
    {
        var x = Input([2, 3, 4], "narrow", dim);
        GradientCheck.Check(xs => Square(Narrow(xs[0], dim, start, length)), [x]);
        GradientCheck.Check(xs =>
        {
            var parts = Split(xs[0], [1, xs[0].Shape[dim] - 1], dim);
            return Add(Sum(Square(parts[0])), Mul(Sum(parts[1]), 3f));
        }, [x]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void CatGradientSplitsBackToEachInput(int dim)
    {
        int d = dim < 0 ? dim + 3 : dim;
        int[] Sized(int s) { int[] shape = [2, 3, 4]; shape[d] = s; return shape; }
        GradientCheck.Check(xs => Square(Cat([xs[0], xs[1], xs[0]], dim)), [Input(Sized(2), "cat-a", dim), Input(Sized(1), "cat-b", dim)]);
    }

    [Fact]
    public void GatherAndIndexSelectAccumulateRepeatedPicks()
    {
        var x = Input([3, 4], "gather");
        int[] index = [0, 0, 3, 1, 2, 2, 2, 0];
        GradientCheck.Check(xs => Square(Gather(xs[0], 1, index, [2, 4])), [x]);
        GradientCheck.Check(xs => Square(IndexSelect(xs[0], 1, [3, 3, 0])), [x]);
        GradientCheck.Check(xs => Square(IndexSelect(xs[0], 0, [2, 0, 2])), [x]);

        // Each pick adds its gradient: element (0, 0) is picked twice, (1, 2) three times.
        var leaf = Tensor.FromArray(new float[12], 3, 4);
        leaf.RequiresGrad = true;
        Gather(leaf, 1, index, [2, 4]).Backward(Tensor.Ones(2, 4));
        Assert.Equal([2f, 1f, 0f, 1f, 1f, 0f, 3f, 0f, 0f, 0f, 0f, 0f], leaf.Grad!.Data);
    }

    [Fact]
    public void PixelShuffleAndUnshuffleGradients()
    {
        GradientCheck.Check(xs => Square(PixelShuffle(xs[0], 2)), [Input([1, 8, 2, 3], "shuffle")]);
        GradientCheck.Check(xs => Square(PixelUnshuffle(xs[0], 2)), [Input([1, 2, 4, 2], "unshuffle")]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PadGradientAddsEveryCopyOfAnElement(bool reflect)
    {
        var mode = reflect ? PaddingMode.Reflect : PaddingMode.Constant;
        GradientCheck.Check(xs => Square(Pad(xs[0], 2, 1, 1, 3, mode, 0.5f)), [Input([2, 1, 4, 5], "pad", reflect)]);
        GradientCheck.Check(xs => Square(Pad(xs[0], -1, 2, 1, -1, mode)), [Input([1, 2, 4, 5], "crop", reflect)]);
    }

    [Fact]
    public void TopKGradientGoesToTheChosenElements()
        => GradientCheck.Check(xs => Square(TopK(xs[0], 3).Values), [TestData.Distinct(new System.Random(12), [2, 3, 6])]);
}
