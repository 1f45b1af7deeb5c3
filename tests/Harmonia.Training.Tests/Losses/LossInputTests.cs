using Harmonia.Tensors;
using Harmonia.Training.Losses;

namespace Harmonia.Training.Tests.Losses;

public class LossInputTests
{
    public static TheoryData<string> MaskedLosses => ["mask-weighted-mse", "gradient-l1", "phnet"];

    private static IImageLoss Create(string name) => name switch
    {
        "mask-weighted-mse" => new MaskWeightedMse(),
        "gradient-l1" => new MaskedImageGradientL1Loss(),
        "phnet" => new PhnetLoss(),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(MaskedLosses))]
    public void A_mask_with_the_wrong_shape_is_rejected_with_both_shapes(string name)
    {
        var image = Tensor.Zeros(2, 3, 4, 4);
        var ex = Assert.Throws<ArgumentException>(() => Create(name).Compute(image, Tensor.Zeros(2, 3, 4, 4), Tensor.Zeros(2, 3, 4, 4)));
        Assert.Contains("[2, 1, 4, 4]", ex.Message);
        Assert.Contains("[2, 3, 4, 4]", ex.Message);
    }

    [Fact]
    public void Prediction_and_target_shapes_must_match()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MseLoss().Compute(Tensor.Zeros(1, 3, 4, 4), Tensor.Zeros(1, 3, 4, 5), Tensor.Zeros(1, 1, 4, 4)));
        Assert.Contains("[1, 3, 4, 5]", ex.Message);
    }

    [Fact]
    public void Images_must_be_four_dimensional()
        => Assert.Throws<ArgumentException>(() => new L1Loss().Compute(Tensor.Zeros(3, 4, 4), Tensor.Zeros(3, 4, 4), Tensor.Zeros(1, 4, 4)));

    [Fact]
    public void Invalid_settings_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaskWeightedMse(minArea: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PsnrReciprocalLoss(maxValue: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PhnetLoss(psnrWeight: float.NaN));
    }

    [Fact]
    public void An_empty_mask_is_floored_instead_of_dividing_by_zero()
    {
        var p = Tensor.Full([1, 1, 4, 4], 0.5f);
        var loss = new MaskWeightedMse().Compute(p, Tensor.Zeros(1, 1, 4, 4), Tensor.Zeros(1, 1, 4, 4)).Item();
        Assert.Equal(16 * 0.25 / 100, loss, 6);
    }
}
