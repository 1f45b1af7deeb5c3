using Harmonia.Models.Hdnet;
using Harmonia.Tensors;
using Harmonia.Tensors.Random;

namespace Harmonia.Models.Tests;

/// <summary>HDNet's blocks on an input they consume: the same output as the plain forward, the input's buffer handed back in inference.</summary>
public class ActivatedConvTests
{
    private static Tensor Input(ulong seed)
    {
        var rng = new RandomGenerator(seed);
        var x = Tensor.Zeros(1, 4, 8, 8);
        for (int i = 0; i < x.Data.Length; i++) x.Data[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    [Fact]
    public void ForwardConsumingMatchesForwardBitForBitAndReturnsTheActivatedInput()
    {
        using var _ = Autograd.NoGrad();
        var block = ActivatedConv.Encoder(4, 6, 4, 2);
        var expected = block.Forward(Input(3));
        var expectedActivation = Functional.LeakyRelu(Input(3), 0.2f);

        var input = Input(3);
        var output = block.ForwardConsuming(input, out var activated);
        Assert.Equal(expected.ToArray(), output.ToArray());
        Assert.Equal(expectedActivation.ToArray(), activated.ToArray());
        Assert.Throws<ObjectDisposedException>(() => input.Data);
    }

    [Fact]
    public void TheOutputBlockConsumesItsInputAndItsActivation()
    {
        using var _ = Autograd.NoGrad();
        var block = new ActivatedConv(new Harmonia.NN.Layers.ReLU(), new Harmonia.NN.Layers.ConvTranspose2d(4, 3, 3, padding: 1), new Harmonia.NN.Layers.Tanh());
        var expected = block.Forward(Input(5));
        var input = Input(5);
        Assert.Equal(expected.ToArray(), block.ForwardConsuming(input).ToArray());
        Assert.Throws<ObjectDisposedException>(() => input.Data);
    }

    [Fact]
    public void WithGradientsOnNothingIsReleased()
    {
        var block = ActivatedConv.Decoder(4, 3, 4, 2, bias: false);
        var input = Input(7);
        input.RequiresGrad = true;
        var output = block.ForwardConsuming(input);
        Functional.Sum(output).Backward();
        Assert.Equal(4 * 8 * 8, input.Data.Length);
        Assert.NotNull(input.Grad);
    }
}
