using Harmonia.Tensors.Tests.Support;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Tensors.Tests.Forward;

/// <summary>Instance and batch normalization against PyTorch's definitions, in float64.</summary>
public class NormalizationForwardTests
{
    private const double Eps = 1e-5;

    /// <summary>Mean and biased variance of the elements of x at (n, c) for the given n values.</summary>
    private static (double Mean, double Var) Statistics(Tensor x, IEnumerable<int> batches, int c)
    {
        int channels = x.Shape[1], plane = x.Shape[2] * x.Shape[3];
        var values = batches.SelectMany(n => Enumerable.Range(0, plane).Select(k => (double)x.Data[(n * channels + c) * plane + k])).ToArray();
        double mean = values.Average();
        return (mean, values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }

    [Theory]
    [InlineData(false, 2, 3, 5, 7)]
    [InlineData(true, 2, 3, 5, 7)]
    [InlineData(true, 3, 4, 1, 9)]
    [InlineData(false, 1, 2, 11, 3)]
    public void InstanceNormNormalisesEachPlane(bool affine, int n, int c, int h, int w)
    {
        var rng = new System.Random(TestData.SeedOf("in", affine, n, c, h, w));
        var x = TestData.Uniform(rng, [n, c, h, w], -2, 3);
        var weight = affine ? TestData.Uniform(rng, [c], 0.5, 1.5) : null;
        var bias = affine ? TestData.Uniform(rng, [c], -1, 1) : null;
        var y = InstanceNorm(x, weight, bias);

        var expected = new double[x.Numel];
        int plane = h * w;
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
            {
                var (mean, variance) = Statistics(x, [b], ch);
                for (int k = 0; k < plane; k++)
                {
                    int i = (b * c + ch) * plane + k;
                    double v = (x.Data[i] - mean) / Math.Sqrt(variance + Eps);
                    expected[i] = affine ? v * weight!.Data[ch] + bias!.Data[ch] : v;
                }
            }
        TensorAssert.Close(x.Shape, expected, y, atol: 2e-5, rtol: 1e-5);
    }

    [Theory]
    [InlineData(2, 3, 5, 7, true)]
    [InlineData(4, 2, 3, 3, false)]
    [InlineData(3, 5, 1, 1, true)]
    public void BatchNormTrainingNormalisesPerChannelAndUpdatesRunningStatistics(int n, int c, int h, int w, bool affine)
    {
        var rng = new System.Random(TestData.SeedOf("bn", n, c, h, w, affine));
        var x = TestData.Uniform(rng, [n, c, h, w], -2, 3);
        var weight = affine ? TestData.Uniform(rng, [c], 0.5, 1.5) : null;
        var bias = affine ? TestData.Uniform(rng, [c], -1, 1) : null;
        var runningMean = TestData.Uniform(rng, [c], -0.5, 0.5);
        var runningVar = TestData.Uniform(rng, [c], 0.5, 2);
        var oldMean = runningMean.ToArray();
        var oldVar = runningVar.ToArray();

        var y = BatchNorm(x, runningMean, runningVar, weight, bias, training: true, momentum: 0.1f);

        var expected = new double[x.Numel];
        int plane = h * w, count = n * plane;
        for (int ch = 0; ch < c; ch++)
        {
            var (mean, variance) = Statistics(x, Enumerable.Range(0, n), ch);
            for (int b = 0; b < n; b++)
                for (int k = 0; k < plane; k++)
                {
                    int i = (b * c + ch) * plane + k;
                    double v = (x.Data[i] - mean) / Math.Sqrt(variance + Eps);
                    expected[i] = affine ? v * weight!.Data[ch] + bias!.Data[ch] : v;
                }
            // PyTorch: running stats move 10% towards the batch's, with the unbiased variance.
            Assert.Equal(0.9 * oldMean[ch] + 0.1 * mean, runningMean.Data[ch], 5);
            Assert.Equal(0.9 * oldVar[ch] + 0.1 * variance * count / (count - 1), runningVar.Data[ch], 5);
        }
        TensorAssert.Close(x.Shape, expected, y, atol: 2e-5, rtol: 1e-5);
    }

    [Fact]
    public void BatchNormRunningStatisticsConvergeToTheDataOverManySteps()
    {
        // Repeated batches of the same data: running stats approach mean and unbiased variance geometrically.
        var x = TestData.Uniform(new System.Random(9), [2, 1, 4, 4], 0, 4);
        var runningMean = Tensor.Zeros(1);
        var runningVar = Tensor.Ones(1);
        for (int step = 0; step < 200; step++) BatchNorm(x, runningMean, runningVar, null, null, training: true);
        var values = x.Data.Select(v => (double)v).ToArray();
        double mean = values.Average();
        double unbiased = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        Assert.Equal(mean, runningMean.Data[0], 4);
        Assert.Equal(unbiased, runningVar.Data[0], 4);
    }

    [Fact]
    public void BatchNormEvalUsesRunningStatisticsAndLeavesThemAlone()
    {
        var rng = new System.Random(11);
        var x = TestData.Uniform(rng, [2, 3, 4, 5], -2, 2);
        var weight = TestData.Uniform(rng, [3], 0.5, 1.5);
        var bias = TestData.Uniform(rng, [3], -1, 1);
        var runningMean = TestData.Uniform(rng, [3], -0.5, 0.5);
        var runningVar = TestData.Uniform(rng, [3], 0.5, 2);
        var meanBefore = runningMean.ToArray();
        var varBefore = runningVar.ToArray();

        var y = BatchNorm(x, runningMean, runningVar, weight, bias, training: false);

        var expected = new double[x.Numel];
        for (int i = 0; i < x.Numel; i++)
        {
            int ch = i / 20 % 3;
            expected[i] = (x.Data[i] - runningMean.Data[ch]) / Math.Sqrt(runningVar.Data[ch] + Eps) * weight.Data[ch] + bias.Data[ch];
        }
        TensorAssert.Close(x.Shape, expected, y, atol: 2e-6, rtol: 1e-5);
        Assert.Equal(meanBefore, runningMean.Data);
        Assert.Equal(varBefore, runningVar.Data);
    }

    [Fact]
    public void NormalizationRejectsWrongRanksAndSingleValueBatches()
    {
        Assert.Throws<ArgumentException>(() => InstanceNorm(Tensor.Zeros(2, 3, 4)));
        var ex = Assert.Throws<ArgumentException>(() => BatchNorm(Tensor.Zeros(1, 2, 1, 1), Tensor.Zeros(2), Tensor.Ones(2), null, null, training: true));
        Assert.Contains("one value per channel", ex.Message);
    }

    [Fact]
    public void NormalizationRejectsParametersThatAreNotOnePerChannel()
    {
        // Regression: these used to fail with an IndexOutOfRange wrapped in an AggregateException.
        var x = Tensor.Ones(2, 3, 2, 2);
        Assert.Contains("weight", Assert.Throws<ArgumentException>(() => InstanceNorm(x, Tensor.Ones(2), null)).Message);
        Assert.Contains("bias", Assert.Throws<ArgumentException>(() => InstanceNorm(x, Tensor.Ones(3), Tensor.Ones(4))).Message);
        Assert.Contains("runningMean", Assert.Throws<ArgumentException>(() => BatchNorm(x, Tensor.Zeros(2), Tensor.Ones(3), null, null, training: true)).Message);
        Assert.Contains("runningVar", Assert.Throws<ArgumentException>(() => BatchNorm(x, Tensor.Zeros(3), Tensor.Ones(2), null, null, training: false)).Message);
        Assert.Contains("weight", Assert.Throws<ArgumentException>(() => BatchNorm(x, Tensor.Zeros(3), Tensor.Ones(3), Tensor.Ones(1), null, training: false)).Message);
    }
}
