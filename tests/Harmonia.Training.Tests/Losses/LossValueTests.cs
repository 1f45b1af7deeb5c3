using Harmonia.Training.Losses;
using static Harmonia.Training.Tests.Losses.LossFixture;

namespace Harmonia.Training.Tests.Losses;

public class LossValueTests
{
    private readonly LossFixture data = new();

    private static void AssertClose(double expected, float actual)
        => Assert.True(Math.Abs(expected - actual) <= 2e-6 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Mse_matches_the_float64_mean_of_squared_errors()
        => AssertClose(ReferenceLosses.Mse(data.PredictionValues, data.TargetValues),
            new MseLoss().Compute(data.Prediction, data.Target, data.Mask).Item());

    [Fact]
    public void L1_matches_the_float64_mean_of_absolute_errors()
        => AssertClose(ReferenceLosses.L1(data.PredictionValues, data.TargetValues),
            new L1Loss().Compute(data.Prediction, data.Target, data.Mask).Item());

    [Fact]
    public void MaskWeightedMse_matches_the_float64_definition_with_the_area_floor()
        => AssertClose(ReferenceLosses.MaskWeightedMse(data.PredictionValues, data.TargetValues, data.MaskValues, N, C, H, W),
            new MaskWeightedMse().Compute(data.Prediction, data.Target, data.Mask).Item());

    [Fact]
    public void MaskWeightedMse_floor_matters_for_the_small_mask()
    {
        // With a floor of 1 the 25-pixel mask divides by 25 instead of 100: the loss must change accordingly.
        var floorOne = new MaskWeightedMse(minArea: 1).Compute(data.Prediction, data.Target, data.Mask).Item();
        AssertClose(ReferenceLosses.MaskWeightedMse(data.PredictionValues, data.TargetValues, data.MaskValues, N, C, H, W, minArea: 1), floorOne);
        Assert.NotEqual(new MaskWeightedMse().Compute(data.Prediction, data.Target, data.Mask).Item(), floorOne);
    }

    [Fact]
    public void PsnrReciprocal_matches_100_over_the_batch_psnr()
        => AssertClose(ReferenceLosses.PsnrReciprocal(data.PredictionValues, data.TargetValues),
            new PsnrReciprocalLoss().Compute(data.Prediction, data.Target, data.Mask).Item());

    [Fact]
    public void Psnr_with_peak_255_matches_the_definition()
    {
        var p = data.Prediction * 255f;
        var t = data.Target * 255f;
        double mse = ReferenceLosses.Mse(p.Data.Select(v => (double)v).ToArray(), t.Data.Select(v => (double)v).ToArray());
        AssertClose(10 * Math.Log10(255.0 * 255.0 / mse), new PsnrReciprocalLoss(maxValue: 255f).Psnr(p, t).Item());
    }

    [Fact]
    public void MaskedGradientL1_matches_full_size_gradient_maps_of_the_masked_images()
        => AssertClose(ReferenceLosses.MaskedGradientL1(data.PredictionValues, data.TargetValues, data.MaskValues, N, C, H, W),
            new MaskedImageGradientL1Loss().Compute(data.Prediction, data.Target, data.Mask).Item());

    [Fact]
    public void PhnetLoss_matches_the_weighted_sum_and_reports_its_parts()
    {
        var parts = new PhnetLoss().ComputeParts(data.Prediction, data.Target, data.Mask);
        AssertClose(ReferenceLosses.Phnet(data.PredictionValues, data.TargetValues, data.MaskValues, N, C, H, W), parts.Total.Item());
        AssertClose(ReferenceLosses.PsnrReciprocal(data.PredictionValues, data.TargetValues), parts.PsnrTerm.Item());
        AssertClose(ReferenceLosses.MaskWeightedMse(data.PredictionValues, data.TargetValues, data.MaskValues, N, C, H, W), parts.FnMse.Item());
        AssertClose(ReferenceLosses.MaskedGradientL1(data.PredictionValues, data.TargetValues, data.MaskValues, N, C, H, W), parts.Gradient.Item());
    }

    [Fact]
    public void Gradient_loss_of_a_one_pixel_wide_image_counts_only_the_vertical_direction()
    {
        var rng = new Harmonia.Tensors.Random.RandomGenerator(3);
        var p = Harmonia.Tensors.Tensor.Zeros(1, 2, 5, 1);
        var t = Harmonia.Tensors.Tensor.Zeros(1, 2, 5, 1);
        Harmonia.Tensors.Random.Init.Uniform(p, rng);
        Harmonia.Tensors.Random.Init.Uniform(t, rng);
        var m = Harmonia.Tensors.Tensor.Ones(1, 1, 5, 1);
        double expected = ReferenceLosses.MaskedGradientL1(p.Data.Select(v => (double)v).ToArray(), t.Data.Select(v => (double)v).ToArray(),
            m.Data.Select(v => (double)v).ToArray(), 1, 2, 5, 1);
        Assert.True(expected > 0);
        AssertClose(expected, new MaskedImageGradientL1Loss().Compute(p, t, m).Item());
    }
}
