using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Backward;

/// <summary>Gradients of the reductions.</summary>
public class ReductionGradientTests
{
    public static IEnumerable<object[]> DimSets()
    {
        int[][] sets = [[0], [2], [-1], [0, 2], [1, 2], [0, 1, 2]];
        foreach (var dims in sets)
            foreach (var keep in new[] { false, true })
                yield return [dims, keep];
    }

    private static Tensor Input(params object[] seed) => TestData.Uniform(new System.Random(TestData.SeedOf(seed)), [2, 3, 4], -2, 2);

    [Theory]
    [MemberData(nameof(DimSets))]
    public void SumMeanAndVarianceGradients(int[] dims, bool keepDim)
    {
        GradientCheck.Check(xs => Sum(xs[0], dims, keepDim), [Input("sum", dims, keepDim)]);
        GradientCheck.Check(xs => Mean(xs[0], dims, keepDim), [Input("mean", dims, keepDim)]);
        GradientCheck.Check(xs => Var(xs[0], dims, unbiased: true, keepDim: keepDim), [Input("var", dims, keepDim)]);
        GradientCheck.Check(xs => Var(xs[0], dims, unbiased: false, keepDim: keepDim), [Input("var-biased", dims, keepDim)]);
    }

    [Fact]
    public void WholeTensorReductionGradients()
    {
        GradientCheck.Check(xs => Sum(xs[0]), [Input("sum-all")]);
        GradientCheck.Check(xs => Mean(xs[0]), [Input("mean-all")]);
        var distinct = TestData.Distinct(new System.Random(4), [2, 3, 4]);
        GradientCheck.Check(xs => Max(xs[0]), [distinct]);
        GradientCheck.Check(xs => Min(xs[0]), [distinct]);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(-1, false)]
    public void MaxAlongDimGradientGoesToTheWinner(int dim, bool keepDim)
        => GradientCheck.Check(xs => Max(xs[0], dim, keepDim).Values, [TestData.Distinct(new System.Random(TestData.SeedOf("maxdim", dim)), [3, 4, 5])]);

    [Fact]
    public void MaxAlongDimSendsTiesToTheFirstIndexOnly()
    {
        var x = Tensor.FromArray([2f, 5f, 5f, 1f], 1, 4);
        x.RequiresGrad = true;
        Max(x, 1).Values.Backward(Tensor.FromArray([3f], 1));
        Assert.Equal([0f, 3f, 0f, 0f], x.Grad!.Data);
    }

    [Theory]
    [InlineData(new[] { 3, 1, 1 })]
    [InlineData(new[] { 1, 5 })]
    [InlineData(new int[0])]
    [InlineData(new[] { 2, 1, 4, 1 })]
    public void SumToShapeGradient(int[] to)
        => GradientCheck.Check(xs => SumToShape(xs[0], to), [TestData.Uniform(new System.Random(TestData.SeedOf(to)), [2, 3, 4, 5])]);
}
