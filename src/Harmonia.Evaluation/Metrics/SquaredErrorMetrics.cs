using Harmonia.Imaging;
using Harmonia.Imaging.Quality;

namespace Harmonia.Evaluation.Metrics;

/// <summary>
/// MSE and foreground MSE (fMSE) on 8-bit values 0..255, accumulated in double, as the
/// image-harmonization literature reports them on iHarmony4: the checks an evaluation needs (grey or
/// RGB images, a mask of the images' size) around <see cref="ImageErrorMetrics"/>, the implementation
/// training's validation shares.
/// </summary>
public static class SquaredErrorMetrics
{
    /// <summary>
    /// Mean of (prediction − target)² over every pixel and channel, on the 0..255 scale.
    /// </summary>
    /// <exception cref="ArgumentException">The images differ in size or channel count, or are not grey/RGB.</exception>
    public static double MeanSquaredError(Image prediction, Image target)
    {
        ImagePairValidation.RequireComparable(prediction, target);
        return ImageErrorMetrics.MeanSquaredError(prediction, target);
    }

    /// <summary>
    /// Foreground MSE: the squared error inside the mask divided by C · ΣM (C = channel count),
    /// weighted as <paramref name="variant"/> says (default <see cref="FmseVariant.Standard"/>, Σ M·e² / (C·ΣM)).
    /// </summary>
    /// <returns>
    /// The fMSE, or <see cref="double.NaN"/> when the mask has no foreground (ΣM = 0): the metric is
    /// undefined there, and NaN makes that visible instead of a silent 0/0. Check
    /// <see cref="ForegroundMask.HasForeground"/>; the report aggregation leaves such images out of the
    /// fMSE and fPSNR means. (PHNet's code adds 1e-6 to the denominator instead, which yields 0 for an
    /// empty mask; that epsilon is deliberately not reproduced.)
    /// </returns>
    public static double ForegroundMeanSquaredError(
        Image prediction, Image target, ForegroundMask mask, FmseVariant variant = FmseVariant.Standard)
    {
        ImagePairValidation.RequireComparable(prediction, target);
        ImagePairValidation.RequireMaskMatches(prediction, mask);
        return ImageErrorMetrics.ForegroundMeanSquaredError(prediction, target, mask.Weights, variant);
    }
}
