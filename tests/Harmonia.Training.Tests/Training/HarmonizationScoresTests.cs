using Harmonia.Tensors;
using Harmonia.Training.Validation;

namespace Harmonia.Training.Tests.Training;

/// <summary>Validation PSNR and fMSE on 8-bit-quantised images, per image, averaged.</summary>
public class HarmonizationScoresTests
{
    private const int Side = 4;

    private static Tensor Image(params float[] perChannel)
        => Tensor.FromArray(Enumerable.Range(0, 3 * Side * Side).Select(i => perChannel[i / (Side * Side)]).ToArray(), 1, 3, Side, Side);

    private static Tensor Mask(int foregroundPixels)
        => Tensor.FromArray(Enumerable.Range(0, Side * Side).Select(i => i < foregroundPixels ? 1f : 0f).ToArray(), 1, 1, Side, Side);

    [Fact]
    public void AnExactReproductionScoresTheCapAndZeroFmse()
    {
        var scores = new HarmonizationScores();
        var image = Image(0.2f, 0.5f, 0.9f);
        scores.Add(image, image, Mask(4));
        Assert.Equal(HarmonizationScores.MaxPsnr, scores.MeanPsnr);
        Assert.Equal(0, scores.MeanFmse);
    }

    [Fact]
    public void OneLevelOfErrorEverywhereIsMseOne()
    {
        var scores = new HarmonizationScores();
        scores.Add(Image(11 / 255f, 101 / 255f, 201 / 255f), Image(10 / 255f, 100 / 255f, 200 / 255f), Mask(4));
        Assert.Equal(10 * Math.Log10(255.0 * 255.0), scores.MeanPsnr, 12);
        Assert.Equal(1, scores.MeanFmse, 12);
    }

    [Fact]
    public void ErrorInsideTheMaskIsDilutedInMseButNotInFmse()
    {
        // 4 of 16 pixels off by 10 levels in every channel: MSE = 100·4/16 = 25, fMSE = 100.
        var real = Image(0.5f, 0.5f, 0.5f);
        var predicted = Tensor.FromArray(real.ToArray(), real.Shape);
        int level = (int)MathF.Round(0.5f * 255);
        for (int c = 0; c < 3; c++)
            for (int p = 0; p < 4; p++)
                predicted.Data[c * Side * Side + p] = (level + 10) / 255f;
        var scores = new HarmonizationScores();
        scores.Add(predicted, real, Mask(4));
        Assert.Equal(10 * Math.Log10(255.0 * 255.0 / 25), scores.MeanPsnr, 12);
        Assert.Equal(100, scores.MeanFmse, 12);
    }

    [Fact]
    public void PsnrIsTheMeanOfPerImagePsnrs_NotTheBatchPsnr()
    {
        var real = Tensor.Zeros(2, 3, Side, Side);
        var predicted = Tensor.Zeros(2, 3, Side, Side);
        Array.Fill(predicted.Data, 1 / 255f, 0, 3 * Side * Side);          // image 0: MSE 1
        Array.Fill(predicted.Data, 10 / 255f, 3 * Side * Side, 3 * Side * Side); // image 1: MSE 100
        var mask = Tensor.Ones(2, 1, Side, Side);
        var scores = new HarmonizationScores();
        scores.Add(predicted, real, mask);
        double expected = (10 * Math.Log10(65025.0) + 10 * Math.Log10(650.25)) / 2;
        Assert.Equal(expected, scores.MeanPsnr, 12);
        Assert.Equal(2, scores.Images);
        Assert.Equal((1 + 100) / 2.0, scores.MeanFmse, 12);
    }

    [Fact]
    public void ValuesAreQuantisedAndClampedLikeASavedImage()
    {
        var scores = new HarmonizationScores();
        // 0.3/255 rounds to level 0 and 1.7 clamps to 255: identical to the target after quantisation.
        scores.Add(Image(0.3f / 255f, 1.7f, 0f), Image(0f, 1f, 0f), Mask(1));
        Assert.Equal(HarmonizationScores.MaxPsnr, scores.MeanPsnr);
    }

    [Fact]
    public void AnEmptyMaskIsLeftOutOfTheFmseMean()
    {
        var scores = new HarmonizationScores();
        scores.Add(Image(0.1f, 0.1f, 0.1f), Image(0.2f, 0.2f, 0.2f), Mask(0));
        Assert.Equal(1, scores.Images);
        Assert.Equal(0, scores.ImagesWithForeground);
        Assert.True(double.IsNaN(scores.MeanFmse));
        Assert.True(scores.MeanPsnr < HarmonizationScores.MaxPsnr);
    }

    [Fact]
    public void MismatchedShapesAreRefused()
    {
        var scores = new HarmonizationScores();
        Assert.Throws<ArgumentException>(() => scores.Add(Tensor.Zeros(1, 3, 4, 4), Tensor.Zeros(1, 3, 4, 8), Tensor.Zeros(1, 1, 4, 4)));
        Assert.Throws<ArgumentException>(() => scores.Add(Tensor.Zeros(1, 3, 4, 4), Tensor.Zeros(1, 3, 4, 4), Tensor.Zeros(1, 1, 4, 8)));
    }
}
