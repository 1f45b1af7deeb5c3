using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Engine;

/// <summary>
/// In no-grad mode outputs come from the <see cref="BufferPool"/> with stale contents, unlike the
/// zeroed arrays of training mode. Every kernel must therefore write each output element: these
/// tests fill the pool with NaN buffers of the output's size first and expect the same result as
/// with fresh memory.
/// </summary>
[Collection(EngineSettingsCollection.Name)]
public class PooledOutputTests
{
    public static IEnumerable<object[]> Ops() => Cases.Keys.Select(k => new object[] { k });

    private static readonly Dictionary<string, Func<Tensor, Tensor>> Cases = new()
    {
        ["add broadcast"] = x => Add(x, Narrow(x, 1, 0, 1)),
        ["maximum"] = x => Maximum(x, Tensor.Zeros(5)),
        ["expand"] = x => Expand(Narrow(x, 0, 0, 1), [4, 3, 6, 5]),
        ["gelu"] = Gelu,
        ["leaky relu"] = x => LeakyRelu(x, 0.1f),
        ["softmax"] = x => Softmax(x, 1),
        ["sum dims"] = x => Sum(x, [0, 2], keepDim: true),
        ["mean"] = x => Mean(x, [3]),
        ["var"] = x => Var(x, [1, 2]),
        ["max dim"] = x => Max(x, 2).Values,
        ["permute"] = x => Permute(x, 3, 1, 0, 2),
        ["narrow"] = x => Narrow(x, 3, 1, 3),
        ["cat"] = x => Cat([x, Narrow(x, 1, 1, 2)], 1),
        ["index select"] = x => IndexSelect(x, 2, [5, 0, 0]),
        ["gather"] = x => Gather(x, 3, Enumerable.Range(0, 4 * 3 * 6 * 2).Select(i => i % 5).ToArray(), [4, 3, 6, 2]),
        ["top k"] = x => TopK(x, 2).Values,
        ["instance norm"] = x => InstanceNorm(x, Tensor.Full([3], 2f), Tensor.Full([3], 0.5f)),
        ["batch norm eval"] = x => BatchNorm(x, Tensor.Zeros(3), Tensor.Ones(3), null, null, training: false),
        ["batch norm train"] = x => BatchNorm(x, Tensor.Zeros(3), Tensor.Ones(3), null, null, training: true),
        ["avg pool"] = x => AvgPool2d(x, 3, 2, 1, countIncludePad: false),
        ["max pool"] = x => MaxPool2d(x, 2),
        ["adaptive avg"] = x => AdaptiveAvgPool2d(x, 4, 3),
        ["adaptive max"] = x => AdaptiveMaxPool2d(x, 4, 3),
        ["nearest"] = x => Interpolate(x, 9, 7, InterpolationMode.Nearest),
        ["bilinear"] = x => Interpolate(x, 9, 7, InterpolationMode.Bilinear),
        ["pad reflect"] = x => Pad(x, 2, 1, 1, 3, PaddingMode.Reflect),
        ["pad constant"] = x => Pad(x, 2, 1, 1, 3),
        ["pixel unshuffle"] = x => PixelUnshuffle(Narrow(x, 3, 0, 4), 2),
    };

    [Theory]
    [MemberData(nameof(Ops))]
    public void OutputsAreFullyWrittenIntoRecycledBuffers(string op)
    {
        var x = TestData.Uniform(new System.Random(TestData.SeedOf("pooled", op)), [4, 3, 6, 5], -2, 2);
        var expected = Cases[op](x);

        using var _ = Autograd.NoGrad();
        // Poison: park NaN buffers of the output's length in the pool.
        var poison = Enumerable.Range(0, 4).Select(_ => Tensor.Full([expected.Numel], float.NaN)).ToList();
        var poisonBuffers = poison.Select(t => t.Data).ToList();
        foreach (var t in poison) t.Dispose();
        var actual = Cases[op](x);
        Assert.Contains(poisonBuffers, b => ReferenceEquals(b, actual.Data)); // the test really used a stale buffer
        TensorAssert.BitIdentical(expected.Data, actual.Data, op);
    }
}
