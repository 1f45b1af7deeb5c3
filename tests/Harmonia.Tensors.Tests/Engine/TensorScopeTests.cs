using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Engine;

/// <summary>Inference scopes hand every intermediate buffer back to the pool, except what is kept.</summary>
[Collection(EngineSettingsCollection.Name)]
public class TensorScopeTests
{
    private static (Tensor Result, float[][] IntermediateBuffers) Pass(Tensor x)
    {
        using var scope = TensorScope.Begin();
        using var _ = Autograd.NoGrad();
        var scaled = x * 0.5f;
        var hidden = Exp(scaled);
        var result = Sum(hidden, [1], keepDim: true);
        return (scope.Keep(result), [scaled.Data, hidden.Data]);
    }

    [Fact]
    public void SecondPassReusesTheFirstPassBuffers()
    {
        BufferPool.Clear();
        var x = Tensor.FromArray(Enumerable.Range(0, 600).Select(i => i / 600f).ToArray(), 3, 200);
        var (first, firstBuffers) = Pass(x);
        var (second, secondBuffers) = Pass(x);
        // Both intermediates of the second pass are buffers of the first (in either order).
        foreach (var buffer in secondBuffers) Assert.Contains(firstBuffers, b => ReferenceEquals(b, buffer));
        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public void KeptResultSurvivesAndOthersAreReclaimed()
    {
        BufferPool.Clear();
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        var (result, _) = Pass(x);
        // The kept result still holds its values after the scope closed.
        Assert.Equal(MathF.Exp(0.5f) + MathF.Exp(1f), result.Data[0], 4);
        // Its buffer was not handed back: a new pass must not receive it.
        var (again, _) = Pass(x);
        Assert.NotSame(result.Data, again.Data);
        Assert.True(BufferPool.IdleFloats > 0);
    }

    [Fact]
    public void ScopesMustCloseInOrder()
    {
        var outer = TensorScope.Begin();
        var inner = TensorScope.Begin();
        Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        inner.Dispose();
        outer.Dispose();
    }

    [Fact]
    public void TrainingStepTensorsReturnWithTheScopeButLeafGradientsStay()
    {
        BufferPool.Clear();
        var weight = Tensor.Full([64, 64], 0.5f);
        weight.RequiresGrad = true;
        float loss;
        using (TensorScope.Begin())
        {
            var hidden = Exp(weight * 2f);
            var total = Sum(hidden);
            loss = total.Item();
            total.Backward();
        }
        // The graph's buffers are back in the pool; the parameter's gradient is its own.
        Assert.True(BufferPool.IdleFloats >= 2 * 64 * 64);
        Assert.Equal(64 * 64 * MathF.Exp(1f), loss, 0);
        Assert.Equal(2f * MathF.Exp(1f), weight.Grad!.Data[0], 4);
    }

    [Fact]
    public void KeptInsideANestedScopeBelongsToTheEnclosingOne()
    {
        using var _ = Autograd.NoGrad();
        float[] keptBuffer, innerTemporary;
        Tensor kept;
        using (TensorScope.Begin())
        {
            using (var inner = TensorScope.Begin())
            {
                var temporary = Tensor.Full([5, 1913], 2f);
                innerTemporary = temporary.Data;
                kept = inner.Keep(Exp(temporary));
                keptBuffer = kept.Data;
            }
            Assert.Same(keptBuffer, kept.Data);            // survives the inner scope
            Assert.Equal(MathF.Exp(2f), kept.Data[0], 4);
            var reusesTemporary = Tensor.Empty(5, 1913);    // the inner temporary is back in the pool
            Assert.Same(innerTemporary, reusesTemporary.Data);
        }
        Assert.Empty(kept.Data);                           // and the enclosing scope reclaimed the kept one
        var again = Tensor.Empty(5, 1913);
        Assert.True(ReferenceEquals(again.Data, keptBuffer) || ReferenceEquals(again.Data, innerTemporary));
    }

    [Fact]
    public void TemporariesKeepsOnlyTheResultInInference()
    {
        using var _ = Autograd.NoGrad();
        float[] temporaryBuffer = [];
        var result = TensorScope.Temporaries(() =>
        {
            var temporary = Tensor.Full([3, 1931], 1.5f);
            temporaryBuffer = temporary.Data;
            return temporary * 2f;
        });
        Assert.All(result.Data, v => Assert.Equal(3f, v));
        var next = Tensor.Empty(3, 1931);
        Assert.Same(temporaryBuffer, next.Data);
        next.Dispose();
        result.Dispose();
    }

    [Fact]
    public void TemporariesKeepsEverythingWhenGradientsAreOn()
    {
        var x = Tensor.Full([2, 1951], 3f);
        x.RequiresGrad = true;
        Tensor? hidden = null;
        var result = TensorScope.Temporaries(() =>
        {
            hidden = x * x;
            return Sum(hidden);
        });
        result.Backward();
        Assert.Equal(2 * 1951, hidden!.Data.Length);
        Assert.All(x.Grad!.Data, g => Assert.Equal(6f, g));
    }

    [Fact]
    public void ReleaseAndConsumeHandAnInputBackInInference()
    {
        using var _ = Autograd.NoGrad();
        var consumed = Tensor.Full([2, 1973], 2f);
        var result = TensorScope.Consume(consumed, input => input * 3f);
        Assert.All(result.Data, v => Assert.Equal(6f, v));
        Assert.Throws<ObjectDisposedException>(() => consumed.Data);

        var released = Tensor.Full([2, 1979], 1f);
        TensorScope.Release(released, result);
        Assert.Throws<ObjectDisposedException>(() => released.Data);
        Assert.Throws<ObjectDisposedException>(() => result.Data);
    }

    [Fact]
    public void ReleaseAndConsumeKeepEverythingWhenGradientsAreOn()
    {
        var x = Tensor.Full([2, 1987], 3f);
        x.RequiresGrad = true;
        var squared = x * x;
        var total = TensorScope.Consume(squared, t => Sum(t));
        TensorScope.Release(squared);
        total.Backward();
        Assert.Equal(2 * 1987, squared.Data.Length);
        Assert.All(x.Grad!.Data, g => Assert.Equal(6f, g));
    }
}
