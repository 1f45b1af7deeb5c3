using Harmonia.Evaluation.Metrics;
using Harmonia.Imaging;

namespace Harmonia.Evaluation.Tests;

public class StructuralSimilarityTests
{
    private const double C1 = (0.01 * 255) * (0.01 * 255);

    [Fact]
    public void IdenticalImagesScoreOne()
    {
        Image image = SyntheticImages.Noise(16, 16, 3, seed: 7);
        Assert.Equal(1.0, StructuralSimilarity.Compute(image, image), 14);
    }

    [Fact]
    public void ConstantImagesReduceToTheLuminanceTerm()
    {
        // Flat images have zero local variance and covariance, so the contrast-structure factor is
        // C2 / C2 = 1 and each channel's SSIM is (2ab + C1) / (a² + b² + C1).
        int[] a = [100, 50, 200], b = [110, 50, 0];
        Image x = SyntheticImages.FromFunction(16, 16, 3, (_, _, c) => a[c]);
        Image y = SyntheticImages.FromFunction(16, 16, 3, (_, _, c) => b[c]);

        double[] expected = a.Zip(b, (ai, bi) => (2.0 * ai * bi + C1) / ((double)ai * ai + (double)bi * bi + C1)).ToArray();
        double[] perChannel = StructuralSimilarity.ComputePerChannel(x, y);
        for (int c = 0; c < 3; c++) Assert.Equal(expected[c], perChannel[c], 12);
        Assert.Equal(expected.Average(), StructuralSimilarity.Compute(x, y), 12);
    }

    [Fact]
    public void TexturedConstantOffsetLiesBetweenTheLuminanceTermsOfItsExtremeMeans()
    {
        // y = x + d leaves variances and covariance unchanged (contrast-structure = 1), so each map value is
        // 1 − d² / (μ² + (μ + d)² + C1) for the local mean μ ∈ [100, 120]: increasing in μ.
        const int d = 20;
        Image x = SyntheticImages.Noise(16, 16, 3, seed: 11, low: 100, high: 120);
        Image y = SyntheticImages.Offset(x, d);
        static double Luminance(double mu) => 1 - d * d / (mu * mu + (mu + d) * (mu + d) + C1);

        double ssim = StructuralSimilarity.Compute(x, y);
        Assert.InRange(ssim, Luminance(100), Luminance(120));
        Assert.True(ssim < 1);
    }

    [Fact]
    public void SsimIsSymmetric()
    {
        Image x = SyntheticImages.Noise(13, 17, 3, seed: 1);
        Image y = SyntheticImages.Noise(13, 17, 3, seed: 2);
        Assert.Equal(StructuralSimilarity.Compute(x, y), StructuralSimilarity.Compute(y, x), 14);
    }

    [Fact]
    public void ImageOfExactlyWindowSizeHasOneMapValue()
    {
        Image flatA = SyntheticImages.FromFunction(11, 11, 1, (_, _, _) => 80);
        Image flatB = SyntheticImages.FromFunction(11, 11, 1, (_, _, _) => 90);
        Assert.Equal((2.0 * 80 * 90 + C1) / (80.0 * 80 + 90.0 * 90 + C1), StructuralSimilarity.Compute(flatA, flatB), 12);
    }

    [Fact]
    public void ImageSmallerThanTheWindowIsRejected()
    {
        var small = new Image(10, 16, 3);
        var ex = Assert.Throws<ArgumentException>(() => StructuralSimilarity.Compute(small, small));
        Assert.Contains("11x11", ex.Message);
    }

    [Fact]
    public void EvenWindowIsRejected()
    {
        Image image = SyntheticImages.Noise(16, 16, 3, seed: 3);
        var ex = Assert.Throws<ArgumentException>(() => StructuralSimilarity.Compute(image, image, new SsimOptions(WindowSize: 10)));
        Assert.Contains("odd", ex.Message);
    }
}
