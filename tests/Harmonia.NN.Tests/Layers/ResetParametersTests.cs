using Harmonia.NN.Layers;
using Harmonia.Tensors.Random;

namespace Harmonia.NN.Tests.Layers;

/// <summary>PyTorch's default initialisation, written once (LayerInit) and drawn by each layer's ResetParameters.</summary>
public class ResetParametersTests
{
    public static TheoryData<string> Layers => ["conv2d", "convtranspose2d", "conv1d", "linear"];

    private static (IResettable Layer, Harmonia.Tensors.Tensor Weight, Harmonia.Tensors.Tensor Bias, int FanIn) Create(string kind) => kind switch
    {
        "conv2d" => new Conv2d(6, 4, 3) is var c ? (c, c.Weight, c.Bias!, 6 * 9) : default,
        "convtranspose2d" => new ConvTranspose2d(6, 4, 3) is var t ? (t, t.Weight, t.Bias!, 4 * 9) : default,
        "conv1d" => new Conv1d(6, 4, 5) is var d ? (d, d.Weight, d.Bias!, 6 * 5) : default,
        _ => new Linear(7, 4) is var l ? (l, l.Weight, l.Bias!, 7) : default,
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void TheSameGeneratorStateGivesTheSameParameters_WithinPyTorchsBound(string kind)
    {
        var a = Create(kind);
        var b = Create(kind);
        a.Layer.ResetParameters(new RandomGenerator(5));
        b.Layer.ResetParameters(new RandomGenerator(5));

        Assert.Equal(a.Weight.Data, b.Weight.Data);
        Assert.Equal(a.Bias.Data, b.Bias.Data);
        // kaiming-uniform with a = √5 and the bias both have bound 1/√fan_in (PyTorch takes a
        // transposed convolution's fan-in from weight dimension 1, its output channels).
        double bound = 1 / Math.Sqrt(a.FanIn);
        Assert.All(a.Weight.Data, v => Assert.InRange(v, -bound, bound));
        Assert.All(a.Bias.Data, v => Assert.InRange(v, -bound, bound));
        Assert.True(a.Weight.Data.Max() > bound / 2 && a.Weight.Data.Min() < -bound / 2);

        b.Layer.ResetParameters(new RandomGenerator(6));
        Assert.NotEqual(a.Weight.Data, b.Weight.Data);
    }
}
