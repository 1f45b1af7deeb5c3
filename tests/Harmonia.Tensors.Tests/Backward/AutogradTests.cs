using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Backward;

/// <summary>The graph machinery: accumulation, detach, no-grad scopes and error reporting.</summary>
public class AutogradTests
{
    private static Tensor Leaf(params float[] values)
    {
        var t = Tensor.FromArray(values, values.Length);
        t.RequiresGrad = true;
        return t;
    }

    [Fact]
    public void ATensorUsedTwiceAccumulatesBothGradients()
    {
        // y = Σ x·x + 3x  →  dy/dx = 2x + 3
        var x = Leaf(1f, -2f, 0.5f);
        Sum(Add(Mul(x, x), Mul(x, 3f))).Backward();
        Assert.Equal([5f, -1f, 4f], x.Grad!.Data);
    }

    [Fact]
    public void DiamondGraphSumsEveryPath()
    {
        // a = 2x; y = Σ a·a + a  →  dy/dx = 2·(2a + 1) = 8x + 2
        var x = Leaf(1f, 2f);
        var a = Mul(x, 2f);
        Sum(Add(Mul(a, a), a)).Backward();
        Assert.Equal([10f, 18f], x.Grad!.Data);
        Assert.True(a.RequiresGrad);
        Assert.False(a.IsLeaf);
        Assert.Null(a.Grad); // intermediates hand their gradient on and drop it
    }

    [Fact]
    public void DetachStopsGradients()
    {
        var x = Leaf(3f, 4f);
        var detached = x.Detach();
        Assert.False(detached.RequiresGrad);
        Assert.Equal(x.Data, detached.Data);
        Sum(Mul(x, detached)).Backward();  // d/dx x·c = c, not 2x
        Assert.Equal([3f, 4f], x.Grad!.Data);
    }

    [Fact]
    public void InputsWithoutRequiresGradGetNoGradient()
    {
        var x = Leaf(1f, 2f);
        var constant = Tensor.FromArray([5f, 7f], 2);
        Sum(Mul(x, constant)).Backward();
        Assert.Null(constant.Grad);
        Assert.Equal([5f, 7f], x.Grad!.Data);
    }

    [Fact]
    public void LeafGradientsAccumulateAcrossBackwardCalls()
    {
        var x = Leaf(1f, 2f);
        Sum(Mul(x, x)).Backward();
        Assert.Equal([2f, 4f], x.Grad!.Data);
        Sum(Mul(x, 10f)).Backward();
        Assert.Equal([12f, 14f], x.Grad!.Data);
        x.Grad = null;
        Sum(x).Backward();
        Assert.Equal([1f, 1f], x.Grad!.Data);
    }

    [Fact]
    public void BackwardWithAnExplicitGradientAndShapeChecks()
    {
        var x = Leaf(1f, 2f, 3f);
        var y = Mul(x, x);
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("scalar", ex.Message);
        Assert.Throws<ArgumentException>(() => y.Backward(Tensor.Ones(2)));
        y.Backward(Tensor.FromArray([1f, 0f, -1f], 3));
        Assert.Equal([2f, 0f, -6f], x.Grad!.Data);
    }

    [Fact]
    public void NoGradRecordsNothingAndBackwardSaysWhy()
    {
        var x = Leaf(1f, 2f);
        Tensor y;
        using (Autograd.NoGrad())
        {
            Assert.False(Autograd.IsEnabled);
            y = Sum(Exp(Mul(x, x)));
        }
        Assert.True(Autograd.IsEnabled);
        Assert.False(y.RequiresGrad);
        Assert.True(y.IsLeaf);
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("does not require a gradient", ex.Message);
        Assert.Null(x.Grad);
    }

    [Fact]
    public void NoGradScopesNestAndDoubleDisposeIsHarmless()
    {
        var outer = Autograd.NoGrad();
        var inner = Autograd.NoGrad();
        inner.Dispose();
        inner.Dispose();
        Assert.False(Autograd.IsEnabled);
        outer.Dispose();
        Assert.True(Autograd.IsEnabled);
    }

    [Fact]
    public void BackwardOnATensorNothingRequiresGradFromThrows()
    {
        var y = Sum(Tensor.Ones(3));
        Assert.False(y.RequiresGrad);
        Assert.Throws<InvalidOperationException>(() => y.Backward());
    }

    [Fact]
    public void GradientsAreNotThemselvesRecorded()
    {
        var x = Leaf(1f, 2f);
        Sum(Mul(x, x)).Backward();
        Assert.False(x.Grad!.RequiresGrad);
        Assert.True(x.Grad.IsLeaf);
    }

    [Fact]
    public void ReshapeSharesStorageAndRoutesGradientsBack()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        x.RequiresGrad = true;
        var view = x.Reshape(3, 2);
        Assert.Same(x.Data, view.Data);
        Sum(Mul(view, Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 3, 2))).Backward();
        Assert.Equal([2, 3], x.Grad!.Shape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], x.Grad.Data);
    }

    [Fact]
    public void LongChainsDoNotOverflowTheStack()
    {
        // The topological sort is iterative: 20 000 ops deep must work.
        var x = Leaf(1f);
        var y = x;
        for (int i = 0; i < 20_000; i++) y = Add(y, 0f);
        Sum(y).Backward();
        Assert.Equal([1f], x.Grad!.Data);
    }

    [Fact]
    public void GradientFlowsThroughAMixedGraph()
    {
        // A small conv-free "model": normalise, activate, pool, upsample, concatenate, reduce.
        var rng = new System.Random(99);
        var x = TestData.Uniform(rng, [2, 2, 4, 4], -1, 1);
        var w = TestData.Uniform(rng, [2], 0.5, 1.5);
        GradientCheck.Check(xs =>
        {
            var h = Gelu(InstanceNorm(xs[0], xs[1], null));
            var pooled = AvgPool2d(h, 2);
            var up = Interpolate(pooled, 4, 4, InterpolationMode.Bilinear);
            var both = Cat([up, Sigmoid(xs[0])], 1);
            return Mean(Mul(both, both), [1]);
        }, [x, w]);
    }

    /// <summary>
    /// A node's backward may pass one tensor to two inputs. The first adopts it as its gradient; the
    /// second must get a copy, or the first's later accumulation would reach it.
    /// </summary>
    [Fact]
    public void OneTemporaryHandedToTwoInputsGivesEachItsOwnGradient()
        => Assert.Equal([60f, -40f, 35f], GradientWithOneTensorForBothInputs(gy =>
        {
            var shared = Mul(gy, 1f); // a temporary of this node, the same object for both inputs
            return [shared, shared];
        }));

    /// <summary>The same with the node's incoming gradient itself passed on, as an add's backward does: the first input takes it over.</summary>
    [Fact]
    public void AnIncomingGradientPassedOnUnchangedGivesEachInputItsOwnGradient()
        => Assert.Equal([60f, -40f, 35f], GradientWithOneTensorForBothInputs(gy => [gy, gy]));

    /// <summary>
    /// x's gradient through a = 2x, b = 3x, c = 5a, y = a + b by a custom op whose backward is
    /// <paramref name="backward"/>, and z = Σ y·y + c: dz/dx = 2·(2y + 5) + 3·(2y) = 50x + 10 at x = (1, −1, ½).
    /// </summary>
    private static float[] GradientWithOneTensorForBothInputs(Func<Tensor, Tensor?[]> backward)
    {
        var x = Leaf(1f, -1f, 0.5f);
        using var scope = TensorScope.Begin();
        var a = Mul(x, 2f);
        var b = Mul(x, 3f);
        var c = Mul(a, 5f);
        var sum = Tensor.Empty(3);
        for (int i = 0; i < 3; i++) sum.Data[i] = a.Data[i] + b.Data[i];
        var y = Autograd.Function("one tensor for both inputs", sum, [a, b], backward);
        // c first: the backward then reaches the custom op before c, so a's gradient starts with the passed tensor.
        Sum(Add(c, Mul(y, y))).Backward();
        return x.Grad!.Data;
    }

    [Fact]
    public void AnIncomingGradientTakenOverByAnInputThatAppearsTwiceIsSummedOnce()
    {
        // y = a + a: a takes y's gradient over, then adds it to itself. z = Σ y·y with a = 2x:
        // dz/dy = 2y = 8x, dz/da = 16x, dz/dx = 32x.
        var x = Leaf(1f, -2f);
        using var scope = TensorScope.Begin();
        var a = Mul(x, 2f);
        var y = Add(a, a);
        Sum(Mul(y, y)).Backward();
        Assert.Equal([32f, -64f], x.Grad!.Data);
    }

    [Fact]
    public void TheCallersSeedGradientIsNeverTakenOver()
    {
        // In a scope the seed is a pooled temporary like any other, but it is the caller's: after
        // Backward it must hold its values (not be handed back to the pool or summed into).
        var x = Leaf(1f, 2f);
        using var scope = TensorScope.Begin();
        var y = Mul(Mul(x, 2f), 1f);
        var seed = Tensor.Empty(2);
        seed.Data[0] = 1f;
        seed.Data[1] = 3f;
        y.Backward(seed);
        Assert.Equal([1f, 3f], seed.Data);
        Assert.Equal([2f, 6f], x.Grad!.Data);
    }
}
