using Harmonia.NN.Layers;
using Harmonia.Tensors;

namespace Harmonia.NN.Tests.Layers;

/// <summary>The buffer pool is process-wide, so these tests run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BufferPoolCollection
{
    public const string Name = "buffer pool";
}

[Collection(BufferPoolCollection.Name)]
public class SequentialTests
{
    private const int Width = 1973;   // a length no other test uses

    private static Sequential Chain() => new(new ReLU(), new Identity(), new Sigmoid(), new Tanh());

    private static Tensor Input() => Tensor.FromArray(Enumerable.Range(0, 2 * Width).Select(i => (i % 7) - 3f).ToArray(), 2, Width);

    [Fact]
    public void InInferenceEachIntermediateIsHandedBackOnceTheNextLayerHasReadIt()
    {
        var expected = Chain().Forward(Input()).ToArray();    // gradients on: nothing is released
        var input = Input();
        using var _ = Autograd.NoGrad();
        BufferPool.Clear();
        long before = BufferPool.FreshlyAllocatedFloats;
        var result = Chain().Forward(input);
        // ReLU and Sigmoid need fresh buffers; Tanh runs after ReLU's output was handed back and reuses it.
        Assert.Equal(2L * 2 * Width, BufferPool.FreshlyAllocatedFloats - before);
        Assert.Equal(expected, result.ToArray());
        Assert.Equal(2 * Width, input.Data.Length);            // the caller's input is left alone

        // Sigmoid's output went back too: the next request of that size is not a fresh allocation.
        long afterForward = BufferPool.FreshlyAllocatedFloats;
        var next = Tensor.Empty(2, Width);
        Assert.Equal(afterForward, BufferPool.FreshlyAllocatedFloats);
        next.Dispose();
    }
}
