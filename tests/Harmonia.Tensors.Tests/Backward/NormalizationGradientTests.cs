using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Backward;

/// <summary>Gradients of instance and batch normalization with respect to input, scale and shift.</summary>
public class NormalizationGradientTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InstanceNormGradients(bool affine)
    {
        var rng = new System.Random(TestData.SeedOf("in-grad", affine));
        var x = TestData.Uniform(rng, [2, 3, 3, 4], -2, 2);
        if (!affine)
        {
            GradientCheck.Check(xs => InstanceNorm(xs[0]), [x]);
            return;
        }
        var weight = TestData.Uniform(rng, [3], 0.5, 1.5);
        var bias = TestData.Uniform(rng, [3], -1, 1);
        GradientCheck.Check(xs => InstanceNorm(xs[0], xs[1], xs[2]), [x, weight, bias]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BatchNormTrainingGradients(bool affine)
    {
        var rng = new System.Random(TestData.SeedOf("bn-grad", affine));
        var x = TestData.Uniform(rng, [3, 2, 2, 3], -2, 2);
        // Fresh running statistics for every evaluation: training mode updates them in place.
        Func<Tensor[], Tensor> f = affine
            ? xs => BatchNorm(xs[0], Tensor.Zeros(2), Tensor.Ones(2), xs[1], xs[2], training: true)
            : xs => BatchNorm(xs[0], Tensor.Zeros(2), Tensor.Ones(2), null, null, training: true);
        Tensor[] inputs = affine ? [x, TestData.Uniform(rng, [2], 0.5, 1.5), TestData.Uniform(rng, [2], -1, 1)] : [x];
        GradientCheck.Check(f, inputs);
    }

    [Fact]
    public void BatchNormEvalGradients()
    {
        var rng = new System.Random(17);
        var x = TestData.Uniform(rng, [2, 3, 2, 3], -2, 2);
        var runningMean = TestData.Uniform(rng, [3], -0.5, 0.5);
        var runningVar = TestData.Uniform(rng, [3], 0.5, 2);
        GradientCheck.Check(xs => BatchNorm(xs[0], runningMean, runningVar, xs[1], xs[2], training: false),
            [x, TestData.Uniform(rng, [3], 0.5, 1.5), TestData.Uniform(rng, [3], -1, 1)]);
        GradientCheck.Check(xs => BatchNorm(xs[0], runningMean, runningVar, null, null, training: false), [x]);
    }
}
