using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Backward;

/// <summary>Gradients of pooling and interpolation.</summary>
public class PoolingAndResamplingGradientTests
{
    [Theory]
    [InlineData(2, 2, 0, true)]
    [InlineData(3, 2, 1, true)]
    [InlineData(3, 2, 1, false)]
    [InlineData(3, 1, 1, false)]
    public void AvgPoolGradient(int kernel, int stride, int padding, bool countIncludePad)
        => GradientCheck.Check(xs => AvgPool2d(xs[0], kernel, stride, padding, countIncludePad),
            [TestData.Uniform(new System.Random(TestData.SeedOf("avg-grad", kernel, stride, padding, countIncludePad)), [2, 2, 5, 6])]);

    [Theory]
    [InlineData(2, 2, 0)]
    [InlineData(3, 2, 1)]
    [InlineData(3, 1, 1)]
    public void MaxPoolGradientGoesToEachWindowsMaximum(int kernel, int stride, int padding)
        => GradientCheck.Check(xs => MaxPool2d(xs[0], kernel, stride, padding),
            [TestData.Distinct(new System.Random(TestData.SeedOf("max-grad", kernel, stride, padding)), [2, 2, 5, 6])]);

    [Theory]
    [InlineData(3, 4)]
    [InlineData(7, 2)]
    [InlineData(1, 1)]
    public void AdaptivePoolGradients(int oh, int ow)
    {
        var distinct = TestData.Distinct(new System.Random(TestData.SeedOf("adaptive-grad", oh, ow)), [2, 2, 5, 6]);
        GradientCheck.Check(xs => AdaptiveAvgPool2d(xs[0], oh, ow), [distinct]);
        GradientCheck.Check(xs => AdaptiveMaxPool2d(xs[0], oh, ow), [distinct]);
    }

    public static IEnumerable<object[]> Resizes()
    {
        foreach (var (oh, ow) in new[] { (7, 9), (2, 3), (8, 5) })
        {
            yield return [InterpolationMode.Nearest, false, oh, ow];
            yield return [InterpolationMode.Bilinear, false, oh, ow];
            yield return [InterpolationMode.Bilinear, true, oh, ow];
        }
    }

    [Theory]
    [MemberData(nameof(Resizes))]
    public void InterpolateGradientBySize(InterpolationMode mode, bool alignCorners, int oh, int ow)
        => GradientCheck.Check(xs => Interpolate(xs[0], oh, ow, mode, alignCorners),
            [TestData.Uniform(new System.Random(TestData.SeedOf("interp-grad", mode, alignCorners, oh, ow)), [2, 2, 4, 3])]);

    [Theory]
    [InlineData(InterpolationMode.Nearest, 1.7)]
    [InlineData(InterpolationMode.Bilinear, 1.7)]
    [InlineData(InterpolationMode.Bilinear, 0.6)]
    public void InterpolateGradientByScaleFactor(InterpolationMode mode, double factor)
        => GradientCheck.Check(xs => Interpolate(xs[0], factor, mode),
            [TestData.Uniform(new System.Random(TestData.SeedOf("interp-scale-grad", mode, factor)), [1, 2, 5, 4])]);
}
