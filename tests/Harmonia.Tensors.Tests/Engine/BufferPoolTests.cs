using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Engine;

/// <summary>
/// Buffer reuse in no-grad mode. The pool is process-wide, so these tests run in the
/// non-parallel collection and use buffer lengths no other test uses.
/// </summary>
[Collection(EngineSettingsCollection.Name)]
public class BufferPoolTests
{
    [Fact]
    public void DisposedNoGradBufferIsReusedForTheSameSize()
    {
        using var _ = Autograd.NoGrad();
        var a = Tensor.Empty(3, 4111);
        var buffer = a.Data;
        a.Dispose();
        var b = Tensor.Empty(4111, 3);
        Assert.Same(buffer, b.Data);
        b.Dispose();
    }

    [Fact]
    public void ReusedBufferIsClearedByZeros()
    {
        using var _ = Autograd.NoGrad();
        var a = Tensor.Full([4127], 3f);
        var buffer = a.Data;
        a.Dispose();
        var z = Tensor.Zeros(4127);
        Assert.Same(buffer, z.Data);
        Assert.All(z.Data, v => Assert.Equal(0f, v));
        z.Dispose();
    }

    [Fact]
    public void OpOutputsReuseBuffersAcrossPasses()
    {
        using var _ = Autograd.NoGrad();
        var x = Tensor.Ones(2, 2053);
        var first = Exp(x);
        var buffer = first.Data;
        first.Dispose();
        var second = Exp(x);
        Assert.Same(buffer, second.Data);
        Assert.All(second.Data, v => Assert.Equal(MathF.E, v, 5));
        second.Dispose();
        x.Dispose();
    }

    [Fact]
    public void AReshapedViewKeepsTheBufferUntilBothAreDisposed()
    {
        using var _ = Autograd.NoGrad();
        var a = Tensor.Full([6, 691], 2f);
        var view = a.Reshape(691, 6);
        var buffer = a.Data;
        a.Dispose();

        var other = Tensor.Empty(6 * 691);
        Assert.NotSame(buffer, other.Data);   // still owned by the view
        Assert.Same(buffer, view.Data);
        Assert.All(view.Data, v => Assert.Equal(2f, v));

        view.Dispose();
        var reused = Tensor.Empty(6 * 691);
        Assert.Same(buffer, reused.Data);
        other.Dispose();
        reused.Dispose();
    }

    [Fact]
    public void TensorsCreatedWithGradientsEnabledAreNeverPooled()
    {
        var trainingTensor = Tensor.Empty(4159);
        var computed = Exp(Tensor.Ones(4159));
        var buffers = new[] { trainingTensor.Data, computed.Data };
        long idleBefore = BufferPool.IdleFloats;
        trainingTensor.Dispose();
        using (Autograd.NoGrad()) computed.Dispose(); // disposing inside no-grad does not make it pooled
        Assert.Equal(idleBefore, BufferPool.IdleFloats);

        using var _ = Autograd.NoGrad();
        var fresh = Tensor.Empty(4159);
        // By identity: xUnit compares arrays element by element, so a fresh all-zero buffer would
        // "equal" the zero-filled training tensor's and fail the test by chance.
        Assert.DoesNotContain(buffers, buffer => ReferenceEquals(buffer, fresh.Data));
        fresh.Dispose();
    }

    /// <summary>Runs <paramref name="body"/> with the pool's eviction threshold set, and restores it.</summary>
    private static void WithEvictionThreshold(long bytes, Action body)
    {
        long saved = BufferPool.EvictionHeapThresholdBytes;
        BufferPool.EvictionHeapThresholdBytes = bytes;
        try
        {
            using var _ = Autograd.NoGrad();
            body();
        }
        finally
        {
            BufferPool.EvictionHeapThresholdBytes = saved;
        }
    }

    [Fact]
    public void ALargeMissPastTheHeapThresholdDropsIdleBuffersOfOtherLengths() => WithEvictionThreshold(0, () =>   // memory is always short
    {
        int large = BufferPool.LargeBufferFloats;
        var first = Tensor.Empty(large + 17);
        var idleBuffer = first.Data;
        first.Dispose();
        long idleWithIt = BufferPool.IdleFloats;

        var second = Tensor.Empty(large + 29);     // another large length: no idle buffer fits it
        Assert.True(BufferPool.IdleFloats <= idleWithIt - (large + 17), "the idle buffer of the other length was not dropped");
        var again = Tensor.Empty(large + 17);
        Assert.NotSame(idleBuffer, again.Data);
        second.Dispose();
        again.Dispose();
    });

    [Fact]
    public void ALargeMissBelowTheHeapThresholdKeepsIdleBuffersForTheNextPass() => WithEvictionThreshold(long.MaxValue, () =>
    {
        int large = BufferPool.LargeBufferFloats;
        var first = Tensor.Empty(large + 19);
        var idleBuffer = first.Data;
        first.Dispose();

        var second = Tensor.Empty(large + 31);
        var again = Tensor.Empty(large + 19);
        Assert.Same(idleBuffer, again.Data);
        second.Dispose();
        again.Dispose();
    });

    [Fact]
    public void BuffersBeyondTheCapacityAreDropped()
    {
        long savedCapacity = BufferPool.CapacityFloats;
        try
        {
            using var _ = Autograd.NoGrad();
            BufferPool.CapacityFloats = BufferPool.IdleFloats + 100;
            var big = Tensor.Empty(4177);
            var buffer = big.Data;
            big.Dispose();
            var again = Tensor.Empty(4177);
            Assert.NotSame(buffer, again.Data);
        }
        finally
        {
            BufferPool.CapacityFloats = savedCapacity;
        }
    }

    [Fact]
    public void DisposingTwiceIsHarmlessAndReturnsTheBufferOnce()
    {
        using var _ = Autograd.NoGrad();
        var a = Tensor.Empty(4201);
        var buffer = a.Data;
        a.Dispose();
        a.Dispose();
        var first = Tensor.Empty(4201);
        var second = Tensor.Empty(4201);
        Assert.Same(buffer, first.Data);
        Assert.NotSame(buffer, second.Data);
        first.Dispose();
        second.Dispose();
    }
}
