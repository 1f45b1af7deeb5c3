namespace Harmonia.Imaging.Quality;

/// <summary>
/// MSE, foreground MSE (fMSE) and PSNR of an 8-bit image against its ground truth: the one
/// implementation that training's validation and <c>harmonia eval</c> both report.
/// </summary>
/// <remarks>
/// Errors are on the 0..255 scale and summed in double (exact for 8-bit values), over every pixel and
/// channel in the order they are stored, so the same pair of images always gives the same figures.
/// </remarks>
public static class ImageErrorMetrics
{
    /// <summary>
    /// The PSNR, in dB, of an image reproduced exactly (MSE 0), and the most any image scores.
    /// </summary>
    /// <remarks>
    /// PSNR = 10·log10(255² / MSE) is +∞ at MSE 0, and one exact image would make a mean over images
    /// +∞ and say nothing about the others. Capping at 100 dB keeps means finite and ordered: 100 dB is
    /// an MSE of 6.5·10⁻⁶, below one level of error in one value of a 226×226 RGB image, so the cap
    /// touches only images that are exact or all but exact, and a near-exact image never outscores an
    /// exact one.
    /// </remarks>
    public const double MaxPsnr = 100;

    /// <summary>Mean of (prediction − target)² over every pixel and channel, on the 0..255 scale.</summary>
    /// <exception cref="ArgumentException">The images differ in size or channel count.</exception>
    public static double MeanSquaredError(Image prediction, Image target)
    {
        RequireSameShape(prediction, target);
        byte[] p = prediction.Pixels, t = target.Pixels;
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double e = p[i] - t[i];
            sum += e * e;
        }
        return sum / p.Length;
    }

    /// <summary>
    /// Foreground MSE: the squared error weighted by the mask M and divided by C · ΣM (C = channel
    /// count), weighted as <paramref name="variant"/> says (<see cref="FmseVariant.Standard"/>:
    /// Σ M·e² / (C·ΣM), iHarmony4's MSE·HW / foreground area).
    /// </summary>
    /// <param name="prediction">The harmonized image.</param>
    /// <param name="target">The ground truth, the same size and channel count.</param>
    /// <param name="weights">One mask weight per pixel, row-major (Width × Height values).</param>
    /// <param name="variant">How the weights enter.</param>
    /// <returns>
    /// The fMSE, or <see cref="double.NaN"/> when the mask has no foreground (ΣM = 0): the metric is
    /// undefined there, and NaN makes that visible instead of a silent 0/0; means over images leave
    /// such images out.
    /// </returns>
    /// <exception cref="ArgumentException">The images differ in shape or the weights do not cover the pixels.</exception>
    public static double ForegroundMeanSquaredError(
        Image prediction, Image target, ReadOnlySpan<float> weights, FmseVariant variant = FmseVariant.Standard)
    {
        RequireSameShape(prediction, target);
        if (weights.Length != prediction.Width * prediction.Height)
            throw new ArgumentException(
                $"The mask has {weights.Length} weights but the images have {prediction.Width}x{prediction.Height} pixels.", nameof(weights));
        if (variant is not (FmseVariant.Standard or FmseVariant.SquaredMaskedError))
            throw new ArgumentOutOfRangeException(nameof(variant), $"Unknown fMSE variant {variant}.");

        byte[] p = prediction.Pixels, t = target.Pixels;
        int channels = prediction.Channels;
        double sum = 0, area = 0;
        for (int pixel = 0; pixel < weights.Length; pixel++)
        {
            double m = weights[pixel];
            area += m;
            if (m == 0) continue;
            double pixelSquaredError = 0;
            int offset = pixel * channels;
            for (int c = 0; c < channels; c++)
            {
                double e = p[offset + c] - t[offset + c];
                pixelSquaredError += e * e;
            }
            // Standard: M·e²; masked-then-squared: (M·e)² = M²·e².
            sum += variant == FmseVariant.Standard ? m * pixelSquaredError : m * m * pixelSquaredError;
        }
        return area > 0 ? sum / (channels * area) : double.NaN;
    }

    /// <summary>
    /// PSNR (or fPSNR, from an fMSE) with peak 255: 10·log10(255² / MSE), at most <see cref="MaxPsnr"/>,
    /// which is also what an exact reproduction (MSE 0) scores; NaN (the fMSE of an empty mask) gives NaN.
    /// </summary>
    /// <param name="meanSquaredError">An MSE or fMSE on the 0..255 scale, ≥ 0 or NaN.</param>
    /// <exception cref="ArgumentOutOfRangeException">The MSE is negative or infinite.</exception>
    public static double Psnr(double meanSquaredError)
    {
        if (meanSquaredError < 0 || double.IsInfinity(meanSquaredError))
            throw new ArgumentOutOfRangeException(nameof(meanSquaredError), $"An MSE must be finite and non-negative, got {meanSquaredError}.");
        if (double.IsNaN(meanSquaredError)) return double.NaN;
        return meanSquaredError == 0 ? MaxPsnr : Math.Min(MaxPsnr, 10 * Math.Log10(255.0 * 255.0 / meanSquaredError));
    }

    /// <summary>Throws unless both images exist and have the same size and channel count.</summary>
    /// <exception cref="ArgumentException">The shapes differ (the message gives both).</exception>
    public static void RequireSameShape(Image prediction, Image target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (prediction.Width != target.Width || prediction.Height != target.Height || prediction.Channels != target.Channels)
            throw new ArgumentException(
                $"Prediction is {prediction.Width}x{prediction.Height}x{prediction.Channels} but target is " +
                $"{target.Width}x{target.Height}x{target.Channels}; metrics need identical shapes.", nameof(prediction));
    }
}
