using Harmonia.Imaging;

namespace Harmonia.Evaluation.Metrics;

/// <summary>Computes every metric the iHarmony4 tables report for one image.</summary>
public static class HarmonizationMetrics
{
    /// <summary>
    /// MSE, fMSE, PSNR, fPSNR and SSIM of <paramref name="prediction"/> against <paramref name="target"/>
    /// under <paramref name="options"/> (null = <see cref="MetricOptions.Default"/>).
    /// </summary>
    public static ImageScores Evaluate(Image prediction, Image target, ForegroundMask mask, MetricOptions? options = null)
    {
        options ??= MetricOptions.Default;
        double mse = SquaredErrorMetrics.MeanSquaredError(prediction, target);
        double fmse = SquaredErrorMetrics.ForegroundMeanSquaredError(prediction, target, mask, options.Fmse);
        double psnr = PeakSignalToNoiseRatio.FromMeanSquaredError(mse, target, options.Peak);
        double fpsnr = PeakSignalToNoiseRatio.FromMeanSquaredError(fmse, target, options.Peak);
        double ssim = StructuralSimilarity.Compute(prediction, target, options.EffectiveSsim);
        return new ImageScores(mask.ForegroundRatio, mse, fmse, psnr, fpsnr, ssim);
    }
}
