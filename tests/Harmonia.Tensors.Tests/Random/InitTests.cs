using Harmonia.Tensors.Random;

namespace Harmonia.Tensors.Tests.Random;

/// <summary>
/// Initialisers against torch.nn.init's formulas. Statistical bounds are several standard errors
/// wide but far tighter than the gap to a plausible mistake (fan_out for fan_in differs by 2×
/// here, a missing √2 gain by 41%).
/// </summary>
public class InitTests
{
    // fan_in = 64·9 = 576, fan_out = 32·9 = 288
    private static readonly int[] ConvShape = [32, 64, 3, 3];

    private static (double Mean, double Std, double MaxAbs) Moments(Tensor t)
    {
        double mean = t.Data.Average(v => (double)v);
        double std = Math.Sqrt(t.Data.Average(v => (v - mean) * (v - mean)));
        return (mean, std, t.Data.Max(v => Math.Abs((double)v)));
    }

    private static void AssertNormal(Tensor t, double expectedStd)
    {
        var (mean, std, _) = Moments(t);
        Assert.InRange(mean, -0.02 * expectedStd, 0.02 * expectedStd);
        Assert.InRange(std / expectedStd, 0.97, 1.03);
    }

    private static void AssertUniform(Tensor t, double bound)
    {
        var (mean, std, maxAbs) = Moments(t);
        Assert.True(maxAbs <= bound, $"max |x| {maxAbs} exceeds bound {bound}");
        Assert.True(maxAbs > 0.99 * bound, $"max |x| {maxAbs} is far below bound {bound}");
        Assert.InRange(mean, -0.02 * bound, 0.02 * bound);
        Assert.InRange(std / (bound / Math.Sqrt(3)), 0.97, 1.03);
    }

    [Fact]
    public void FansFollowPyTorch()
    {
        Assert.Equal((576, 288), Init.Fans(Tensor.Zeros(ConvShape)));
        Assert.Equal((20, 10), Init.Fans(Tensor.Zeros(10, 20)));
        Assert.Equal((3 * 5 * 7, 4 * 5 * 7), Init.Fans(Tensor.Zeros(4, 3, 5, 7)));
        Assert.Throws<ArgumentException>(() => Init.Fans(Tensor.Zeros(10)));
    }

    [Fact]
    public void NormalAndUniformHonourTheirParameters()
    {
        var t = Tensor.Zeros(100_000);
        Init.Normal(t, new RandomGenerator(1), mean: 2, std: 0.5);
        var (mean, std, _) = Moments(t);
        Assert.InRange(mean, 1.99, 2.01);
        Assert.InRange(std, 0.49, 0.51);

        Init.Uniform(t, new RandomGenerator(2), low: -1, high: 3);
        Assert.All(t.Data, v => Assert.InRange(v, -1f, 3f));
        Assert.InRange(t.Data.Average(v => (double)v), 0.98, 1.02);

        Init.Constant(t, 0.25f);
        Assert.All(t.Data, v => Assert.Equal(0.25f, v));
    }

    [Theory]
    [InlineData(0.0, true)]
    [InlineData(0.2, true)]
    [InlineData(0.0, false)]
    public void KaimingNormalStd(double a, bool fanIn)
    {
        var t = Tensor.Zeros(ConvShape);
        Init.KaimingNormal(t, new RandomGenerator(3), a, fanIn);
        double gain = Math.Sqrt(2.0 / (1 + a * a));
        AssertNormal(t, gain / Math.Sqrt(fanIn ? 576 : 288));
    }

    [Theory]
    [InlineData(0.0, true)]
    [InlineData(2.23606797749979, true)]  // √5: nn.Conv2d's default reset_parameters
    [InlineData(0.0, false)]
    public void KaimingUniformBound(double a, bool fanIn)
    {
        var t = Tensor.Zeros(ConvShape);
        Init.KaimingUniform(t, new RandomGenerator(4), a, fanIn);
        double gain = Math.Sqrt(2.0 / (1 + a * a));
        AssertUniform(t, gain * Math.Sqrt(3.0 / (fanIn ? 576 : 288)));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.5)]
    public void XavierStdAndBound(double gain)
    {
        var t = Tensor.Zeros(ConvShape);
        Init.XavierNormal(t, new RandomGenerator(5), gain);
        AssertNormal(t, gain * Math.Sqrt(2.0 / (576 + 288)));
        Init.XavierUniform(t, new RandomGenerator(6), gain);
        AssertUniform(t, gain * Math.Sqrt(6.0 / (576 + 288)));
    }

    [Fact]
    public void SameSeedGivesTheSameWeights()
    {
        var a = Tensor.Zeros(ConvShape);
        var b = Tensor.Zeros(ConvShape);
        Init.KaimingNormal(a, new RandomGenerator(11));
        Init.KaimingNormal(b, new RandomGenerator(11));
        Assert.Equal(a.Data, b.Data);
    }
}
