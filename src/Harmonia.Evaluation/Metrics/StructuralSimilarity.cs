using Harmonia.Imaging;

namespace Harmonia.Evaluation.Metrics;

/// <summary>
/// SSIM (Wang et al. 2004) with a Gaussian window and no padding, computed in double on 0..255 values.
/// With <see cref="SsimOptions.Default"/> this is the pytorch_msssim variant PHNet reports (11×11, σ 1.5,
/// K1 0.01, K2 0.03, data range 255), which also equals skimage's Gaussian-weighted SSIM after its border
/// crop. Each channel's SSIM map is averaged over its pixels, and the channel means are averaged.
/// </summary>
public static class StructuralSimilarity
{
    /// <summary>Mean SSIM of <paramref name="prediction"/> against <paramref name="target"/>.</summary>
    /// <exception cref="ArgumentException">
    /// Shapes differ, the images are not grey/RGB, the options are invalid, or a side is smaller than the
    /// window. (pytorch_msssim silently skips smoothing along a too-short side; skimage refuses, as this does.)
    /// </exception>
    public static double Compute(Image prediction, Image target, SsimOptions? options = null)
    {
        double[] perChannel = ComputePerChannel(prediction, target, options);
        double sum = 0;
        foreach (double s in perChannel) sum += s;
        return sum / perChannel.Length;
    }

    /// <summary>The mean SSIM of each channel separately, in channel order.</summary>
    public static double[] ComputePerChannel(Image prediction, Image target, SsimOptions? options = null)
    {
        ImagePairValidation.RequireComparable(prediction, target);
        options ??= SsimOptions.Default;
        options.Validate();
        int width = prediction.Width, height = prediction.Height, channels = prediction.Channels;
        if (width < options.WindowSize || height < options.WindowSize)
            throw new ArgumentException(
                $"SSIM needs images at least {options.WindowSize}x{options.WindowSize} (the window), got {width}x{height}.",
                nameof(prediction));

        var filter = new ValidGaussianFilter(options.WindowSize, options.Sigma, width, height);
        int planeLength = width * height;
        int mapLength = filter.OutputWidth * filter.OutputHeight;
        var x = new double[planeLength];
        var y = new double[planeLength];
        var product = new double[planeLength];
        var meanX = new double[mapLength];
        var meanY = new double[mapLength];
        var meanXX = new double[mapLength];
        var meanYY = new double[mapLength];
        var meanXY = new double[mapLength];

        double c1 = options.K1 * options.DataRange * (options.K1 * options.DataRange);
        double c2 = options.K2 * options.DataRange * (options.K2 * options.DataRange);
        var result = new double[channels];
        for (int channel = 0; channel < channels; channel++)
        {
            ExtractChannel(prediction.Pixels, channels, channel, x);
            ExtractChannel(target.Pixels, channels, channel, y);
            filter.Apply(x, meanX);
            filter.Apply(y, meanY);
            Multiply(x, x, product); filter.Apply(product, meanXX);
            Multiply(y, y, product); filter.Apply(product, meanYY);
            Multiply(x, y, product); filter.Apply(product, meanXY);

            double mapSum = 0;
            for (int i = 0; i < mapLength; i++)
            {
                double mx = meanX[i], my = meanY[i];
                // Population (biased) local moments, as both reference implementations use.
                double varianceX = meanXX[i] - mx * mx;
                double varianceY = meanYY[i] - my * my;
                double covariance = meanXY[i] - mx * my;
                double luminance = (2 * mx * my + c1) / (mx * mx + my * my + c1);
                double contrastStructure = (2 * covariance + c2) / (varianceX + varianceY + c2);
                mapSum += luminance * contrastStructure;
            }
            result[channel] = mapSum / mapLength;
        }
        return result;
    }

    private static void ExtractChannel(byte[] interleaved, int channels, int channel, double[] plane)
    {
        for (int i = 0; i < plane.Length; i++) plane[i] = interleaved[i * channels + channel];
    }

    private static void Multiply(double[] a, double[] b, double[] product)
    {
        for (int i = 0; i < product.Length; i++) product[i] = a[i] * b[i];
    }
}
