using Harmonia.Tensors;
using Harmonia.Training.Losses;

namespace Harmonia.Training.Tests.Losses;

/// <summary>
/// Each loss's autograd gradient with respect to the prediction against central finite
/// differences of the loss itself (float32, step 0.01, every element). The fixture keeps every
/// absolute value at least 0.05 from its kink, so the differences are valid for the L1 terms too.
/// </summary>
public class LossGradientTests
{
    public static TheoryData<string> LossNames => ["mse", "l1", "mask-weighted-mse", "psnr", "gradient-l1", "phnet"];

    private static IImageLoss Create(string name) => name switch
    {
        "mse" => new MseLoss(),
        "l1" => new L1Loss(),
        "mask-weighted-mse" => new MaskWeightedMse(),
        "psnr" => new PsnrReciprocalLoss(),
        "gradient-l1" => new MaskedImageGradientL1Loss(),
        "phnet" => new PhnetLoss(),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(LossNames))]
    public void Autograd_gradient_matches_finite_differences(string lossName)
    {
        var loss = Create(lossName);
        var data = new LossFixture();
        var prediction = data.Prediction;
        prediction.RequiresGrad = true;
        loss.Compute(prediction, data.Target, data.Mask).Backward();
        var analytic = prediction.Grad!.ToArray();

        const float h = 0.01f;
        var numeric = new double[prediction.Numel];
        using (Autograd.NoGrad())
        {
            for (int i = 0; i < prediction.Numel; i++)
            {
                float original = prediction.Data[i];
                prediction.Data[i] = original + h;
                double plus = loss.Compute(prediction, data.Target, data.Mask).Item();
                prediction.Data[i] = original - h;
                double minus = loss.Compute(prediction, data.Target, data.Mask).Item();
                prediction.Data[i] = original;
                numeric[i] = (plus - minus) / (2 * h);
            }
        }

        double scale = numeric.Max(Math.Abs);
        Assert.True(scale > 0, "the loss must depend on the prediction");
        for (int i = 0; i < numeric.Length; i++)
            Assert.True(Math.Abs(analytic[i] - numeric[i]) <= 1e-2 * Math.Abs(numeric[i]) + 2e-3 * scale,
                $"{lossName}: element {i}: autograd {analytic[i]:R}, finite difference {numeric[i]:R}");
    }

    [Fact]
    public void Masked_gradient_loss_ignores_the_prediction_outside_the_mask()
    {
        var data = new LossFixture();
        data.Prediction.RequiresGrad = true;
        new MaskedImageGradientL1Loss().Compute(data.Prediction, data.Target, data.Mask).Backward();
        int plane = LossFixture.H * LossFixture.W;
        for (int i = 0; i < data.Prediction.Numel; i++)
        {
            int sample = i / (LossFixture.C * plane);
            bool inside = data.Mask.Data[sample * plane + i % plane] == 1f;
            if (!inside) Assert.Equal(0f, data.Prediction.Grad!.Data[i]);
        }
        Assert.Contains(data.Prediction.Grad!.Data, g => g != 0f);
    }

    [Fact]
    public void Mask_weighted_mse_penalizes_background_error_when_not_blended()
    {
        // The loss sums the error over the whole image: unblended background error has a gradient.
        var data = new LossFixture();
        data.Prediction.RequiresGrad = true;
        new MaskWeightedMse().Compute(data.Prediction, data.Target, data.Mask).Backward();
        Assert.NotEqual(0f, data.Prediction.Grad!.Data[0]); // pixel (0, 0) of sample 0 is outside its mask
    }
}
