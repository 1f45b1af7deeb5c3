using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Forward;

/// <summary>Activations and softmax against float64 references.</summary>
public class ActivationForwardTests
{
    [Fact]
    public void ReferenceErfIsAccurate()
    {
        // Known values (Abramowitz & Stegun table 7.1) guard the reference itself.
        Assert.Equal(0.5204998778130465, ReferenceMath.Erf(0.5), 12);
        Assert.Equal(0.8427007929497149, ReferenceMath.Erf(1.0), 12);
        Assert.Equal(0.9953222650189527, ReferenceMath.Erf(2.0), 12);
        Assert.Equal(-0.9999779095030014, ReferenceMath.Erf(-3.0), 11);
    }

    public static IEnumerable<object[]> Activations() =>
        new[] { "relu", "leaky_relu_default", "leaky_relu_0.2", "elu_1", "elu_0.5", "gelu", "sigmoid", "tanh" }.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Activations))]
    public void ActivationMatchesDefinition(string name)
    {
        var rng = new System.Random(TestData.SeedOf(name));
        // Odd sizes so vector bodies and scalar tails both run; include exact zeros.
        var x = TestData.Uniform(rng, [2, 3, 7, 13], -5, 5);
        x.Data[0] = 0f;
        x.Data[17] = -0f;
        var (y, reference) = name switch
        {
            "relu" => (Relu(x), (Func<double, double>)(v => Math.Max(v, 0))),
            "leaky_relu_default" => (LeakyRelu(x), v => v > 0 ? v : 0.01 * v),
            "leaky_relu_0.2" => (LeakyRelu(x, 0.2f), v => v > 0 ? v : 0.2 * v),
            "elu_1" => (Elu(x), v => v > 0 ? v : Math.Exp(v) - 1),
            "elu_0.5" => (Elu(x, 0.5f), v => v > 0 ? v : 0.5 * (Math.Exp(v) - 1)),
            "gelu" => (Gelu(x), ReferenceMath.Gelu),
            "sigmoid" => (Sigmoid(x), v => 1 / (1 + Math.Exp(-v))),
            "tanh" => (Tanh(x), Math.Tanh),
            _ => throw new ArgumentException(name),
        };
        TensorAssert.Close(x.Shape, x.Data.Select(v => reference(v)).ToArray(), y, atol: 1e-6, rtol: 2e-6);
    }

    [Fact]
    public void ActivationsStayFiniteAtLargeMagnitudes()
    {
        var x = Tensor.FromArray([-100f, -30f, 30f, 100f], 4);
        TensorAssert.Close([4], [0, 0, 30, 100], Gelu(x), atol: 1e-6, rtol: 0);
        TensorAssert.Close([4], [0, 9.357622968840175e-14, 1, 1], Sigmoid(x), atol: 1e-7, rtol: 0);
        TensorAssert.Close([4], [-1, -1, 1, 1], Tanh(x), atol: 1e-7, rtol: 0);
        TensorAssert.Close([4], [-1, -1, 30, 100], Elu(x), atol: 1e-7, rtol: 0);
    }

    public static IEnumerable<object[]> SoftmaxDims() => new[] { 0, 1, 2, 3, -1, -3 }.Select(d => new object[] { d });

    [Theory]
    [MemberData(nameof(SoftmaxDims))]
    public void SoftmaxNormalisesAlongTheGivenAxis(int dim)
    {
        var rng = new System.Random(TestData.SeedOf("softmax", dim));
        int[] shape = [2, 3, 5, 7];
        var x = TestData.Uniform(rng, shape, -4, 4);
        var y = Softmax(x, dim);
        int d = dim < 0 ? dim + shape.Length : dim;
        var expected = new double[x.Numel];
        for (int i = 0; i < x.Numel; i++)
        {
            var coords = Indexing.Unravel(i, shape);
            double denominator = 0;
            for (int k = 0; k < shape[d]; k++)
            {
                var other = (int[])coords.Clone();
                other[d] = k;
                denominator += Math.Exp(x.Data[Indexing.Ravel(other, shape)]);
            }
            expected[i] = Math.Exp(x.Data[i]) / denominator;
        }
        TensorAssert.Close(shape, expected, y, atol: 1e-7, rtol: 2e-6);
    }

    [Fact]
    public void SoftmaxIsStableForHugeLogits()
    {
        var x = Tensor.FromArray([1000f, 999f, -1000f, 1000f], 1, 4);
        var y = Softmax(x, 1);
        double e1 = Math.Exp(-1);
        double z = 2 + e1;
        TensorAssert.Close([1, 4], [1 / z, e1 / z, 0, 1 / z], y, atol: 1e-7, rtol: 1e-6);
    }

    [Fact]
    public void SoftmaxRejectsAnAxisOutOfRange()
        => Assert.Throws<ArgumentOutOfRangeException>(() => Softmax(Tensor.Zeros(2, 3), 2));
}
