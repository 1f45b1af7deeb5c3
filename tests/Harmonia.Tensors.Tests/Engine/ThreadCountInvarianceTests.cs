using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Engine;

/// <summary>
/// Results and gradients must be bit-identical for any <see cref="EngineSettings.Threads"/>:
/// kernels split work into chunks fixed by the problem size, never by the thread count.
/// Shapes are chosen so each kernel has several chunks.
/// </summary>
[Collection(EngineSettingsCollection.Name)]
public class ThreadCountInvarianceTests
{
    private static readonly int[] ThreadCounts = [1, 2, 3];

    /// <summary>
    /// Runs <paramref name="f"/> and its backward pass (with a fixed random probe) at each thread
    /// count and asserts output and input gradients match the single-thread run bit for bit.
    /// </summary>
    private static void AssertInvariant(string what, Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        int saved = EngineSettings.Threads;
        try
        {
            float[]? referenceOutput = null;
            float[][]? referenceGrads = null;
            foreach (var threads in ThreadCounts)
            {
                EngineSettings.Threads = threads;
                var leaves = inputs.Select(t => { var l = Tensor.FromArray(t.ToArray(), t.Shape); l.RequiresGrad = true; return l; }).ToArray();
                var y = f(leaves);
                var rng = new System.Random(5);
                var probe = Tensor.FromArray(Enumerable.Range(0, y.Numel).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray(), y.Shape);
                y.Backward(probe);
                var grads = leaves.Select(l => l.Grad!.ToArray()).ToArray();
                if (referenceOutput is null)
                {
                    referenceOutput = y.ToArray();
                    referenceGrads = grads;
                    continue;
                }
                TensorAssert.BitIdentical(referenceOutput, y.Data, $"{what} output with {threads} threads");
                for (int k = 0; k < grads.Length; k++)
                    TensorAssert.BitIdentical(referenceGrads![k], grads[k], $"{what} gradient of input {k} with {threads} threads");
            }
        }
        finally
        {
            EngineSettings.Threads = saved;
        }
    }

    private static Tensor Input(int[] shape, int seed) => TestData.Uniform(new System.Random(seed), shape, -2, 2);

    [Fact]
    public void InstanceNormIsThreadCountInvariant()
    {
        var rng = new System.Random(1);
        AssertInvariant("instance_norm", xs => InstanceNorm(xs[0], xs[1], xs[2]),
            Input([3, 8, 21, 23], 1), TestData.Uniform(rng, [8], 0.5, 1.5), TestData.Uniform(rng, [8], -1, 1));
    }

    [Fact]
    public void BatchNormIsThreadCountInvariantIncludingRunningStatistics()
    {
        var rng = new System.Random(2);
        var weight = TestData.Uniform(rng, [8], 0.5, 1.5);
        var bias = TestData.Uniform(rng, [8], -1, 1);
        var runningMeans = new List<float[]>();
        var runningVars = new List<float[]>();
        AssertInvariant("batch_norm(train)", xs =>
        {
            var mean = Tensor.Zeros(8);
            var variance = Tensor.Ones(8);
            var y = BatchNorm(xs[0], mean, variance, xs[1], xs[2], training: true);
            runningMeans.Add(mean.Data);
            runningVars.Add(variance.Data);
            return y;
        }, Input([4, 8, 19, 17], 2), weight, bias);
        for (int i = 1; i < runningMeans.Count; i++)
        {
            TensorAssert.BitIdentical(runningMeans[0], runningMeans[i], "running mean");
            TensorAssert.BitIdentical(runningVars[0], runningVars[i], "running var");
        }
        AssertInvariant("batch_norm(eval)", xs => BatchNorm(xs[0], Tensor.Full([8], 0.1f), Tensor.Full([8], 1.5f), xs[1], xs[2], training: false),
            Input([4, 8, 19, 17], 3), weight, bias);
    }

    [Fact]
    public void ReductionsAreThreadCountInvariant()
    {
        // 2 000-long rows: 32 rows per chunk, so 3 chunks.
        var x = Input([80, 2000], 4);
        AssertInvariant("sum(rows)", xs => Sum(xs[0], [1]), x);
        AssertInvariant("sum(all)", xs => Sum(xs[0]), x);
        AssertInvariant("mean(columns)", xs => Mean(xs[0], [0], keepDim: true), x);
        AssertInvariant("var(rows)", xs => Var(xs[0], [1]), x);
        AssertInvariant("max(dim)", xs => Max(xs[0], 1).Values, x);
        var image = Input([3, 6, 20, 21], 5);
        AssertInvariant("mean(NHW)", xs => Mean(xs[0], [0, 2, 3]), image);
        AssertInvariant("var(HW)", xs => Var(xs[0], [2, 3], unbiased: false), image);
    }

    [Fact]
    public void SoftmaxIsThreadCountInvariant()
    {
        // 64 rows per chunk: 2·20·20 = 800 rows along dim 1, 300 along the last axis.
        AssertInvariant("softmax(dim 1)", xs => Softmax(xs[0], 1), Input([2, 7, 20, 20], 6));
        AssertInvariant("softmax(last)", xs => Softmax(xs[0], -1), Input([300, 9], 7));
    }

    [Fact]
    public void InterpolationIsThreadCountInvariant()
    {
        var x = Input([2, 4, 13, 17], 8);
        AssertInvariant("bilinear", xs => Interpolate(xs[0], 31, 27, InterpolationMode.Bilinear), x);
        AssertInvariant("bilinear(align)", xs => Interpolate(xs[0], 20, 45, InterpolationMode.Bilinear, alignCorners: true), x);
        AssertInvariant("nearest", xs => Interpolate(xs[0], 2.0, InterpolationMode.Nearest), x);
    }

    [Fact]
    public void PoolingIsThreadCountInvariant()
    {
        var x = Input([2, 6, 21, 23], 9);
        AssertInvariant("avg_pool", xs => AvgPool2d(xs[0], 3, 2, 1, countIncludePad: false), x);
        AssertInvariant("max_pool", xs => MaxPool2d(xs[0], 3, 2, 1), x);
        AssertInvariant("adaptive_avg", xs => AdaptiveAvgPool2d(xs[0], 7, 5), x);
        AssertInvariant("adaptive_max", xs => AdaptiveMaxPool2d(xs[0], 7, 5), x);
    }

    [Fact]
    public void ElementwiseAndLayoutOpsAreThreadCountInvariant()
    {
        // Just over 65 536 elements, so the elementwise loops split into two chunks.
        var x = Input([2, 8, 64, 65], 10);
        var scale = Input([8, 1, 1], 11);
        AssertInvariant("broadcast mul + sigmoid + leaky relu", xs => LeakyRelu(Sigmoid(Mul(xs[0], xs[1])), 0.2f), x, scale);
        AssertInvariant("permute + pad + gelu", xs => Gelu(Pad(Permute(xs[0], 0, 2, 3, 1), 1, 2, 2, 1, PaddingMode.Reflect)), Input([2, 5, 12, 13], 12));
    }

    [Fact]
    public void LongRowsAndAccumulatedGradientsAreThreadCountInvariant()
    {
        // Same-shape operands coalesce into one row of 150 000 elements, which the loops cut into
        // pieces; x feeds four ops, so its gradient is accumulated (copied, then added) in chunks.
        AssertInvariant("abs, clamp, maximum, sum over long rows", xs =>
            Add(Add(Abs(Mul(xs[0], xs[1])), Mul(Clamp(xs[0], -1, 1), Maximum(xs[0], xs[1]))), Sum(xs[0])),
            Input([3, 50_000], 13), Input([3, 50_000], 14));
        AssertInvariant("elu + gelu + narrow over long rows", xs => Add(Elu(Narrow(xs[0], 1, 1, 60_000)), Gelu(Narrow(xs[0], 1, 0, 60_000))),
            Input([2, 70_000], 15));
    }

    [Fact]
    public void ThreadsRejectsValuesBelowOne()
        => Assert.Throws<ArgumentOutOfRangeException>(() => EngineSettings.Threads = 0);

    [Fact]
    public void UseThreadsGivesTheSettingBackWhenDisposed()
    {
        int before = EngineSettings.Threads;
        using (EngineSettings.UseThreads(before + 3))
        {
            Assert.Equal(before + 3, EngineSettings.Threads);
            using (EngineSettings.UseThreads(1))
                Assert.Equal(1, EngineSettings.Threads);
            Assert.Equal(before + 3, EngineSettings.Threads);
        }
        Assert.Equal(before, EngineSettings.Threads);
        Assert.Throws<ArgumentOutOfRangeException>(() => EngineSettings.UseThreads(0));
        Assert.Equal(before, EngineSettings.Threads);
    }
}
