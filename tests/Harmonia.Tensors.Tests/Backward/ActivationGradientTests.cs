using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Backward;

/// <summary>Gradients of the activations and softmax.</summary>
public class ActivationGradientTests
{
    public static IEnumerable<object[]> Activations() =>
        new[] { "relu", "leaky_relu", "leaky_relu_0.2", "elu", "elu_0.5", "gelu", "sigmoid", "tanh" }.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Activations))]
    public void ActivationGradients(string name)
    {
        // Away from the kink at 0 so the central difference never straddles it.
        var x = TestData.AwayFrom(new System.Random(TestData.SeedOf("act-grad", name)), [2, 3, 11], [0.0], 0.05, -3, 3);
        Func<Tensor[], Tensor> f = name switch
        {
            "relu" => xs => Relu(xs[0]),
            "leaky_relu" => xs => LeakyRelu(xs[0]),
            "leaky_relu_0.2" => xs => LeakyRelu(xs[0], 0.2f),
            "elu" => xs => Elu(xs[0]),
            "elu_0.5" => xs => Elu(xs[0], 0.5f),
            "gelu" => xs => Gelu(xs[0]),
            "sigmoid" => xs => Sigmoid(xs[0]),
            _ => xs => Tanh(xs[0]),
        };
        GradientCheck.Check(f, [x]);
    }

    [Fact]
    public void ReluGradientAtZeroIsZeroLikePyTorch()
    {
        var x = Tensor.FromArray([-1f, 0f, 2f], 3);
        x.RequiresGrad = true;
        Relu(x).Backward(Tensor.Ones(3));
        Assert.Equal([0f, 0f, 1f], x.Grad!.Data);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void SoftmaxGradient(int dim)
        => GradientCheck.Check(xs => Softmax(xs[0], dim), [TestData.Uniform(new System.Random(TestData.SeedOf("softmax-grad", dim)), [3, 4, 5], -2, 2)]);

    [Fact]
    public void SoftmaxFollowedByLogGradient()
        => GradientCheck.Check(xs => Log(Softmax(xs[0], 1)), [TestData.Uniform(new System.Random(8), [2, 6], -2, 2)]);
}
