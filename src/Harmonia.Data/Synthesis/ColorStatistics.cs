using Harmonia.Imaging;

namespace Harmonia.Data.Synthesis;

/// <summary>
/// Colour statistics of an image region, enough for every colour-transfer method: mean and
/// (population) covariance of RGB in 0–255 units, mean and standard deviation of CIE Lab (D65),
/// and a 256-bin histogram per RGB channel. Sums run in double, pixel by pixel in order, so the
/// numbers do not depend on threading.
/// </summary>
public sealed class ColorStatistics
{
    private ColorStatistics(int pixelCount, double[] rgbMean, double[] rgbCovariance, double[] labMean, double[] labStd, int[] histograms)
    {
        PixelCount = pixelCount; RgbMean = rgbMean; RgbCovariance = rgbCovariance; LabMean = labMean; LabStd = labStd; Histograms = histograms;
    }

    /// <summary>Pixels measured.</summary>
    public int PixelCount { get; }
    /// <summary>Mean R, G, B (0–255).</summary>
    public IReadOnlyList<double> RgbMean { get; }
    /// <summary>RGB covariance, row-major 3×3, divided by the pixel count.</summary>
    public IReadOnlyList<double> RgbCovariance { get; }
    /// <summary>Mean L, a, b.</summary>
    public IReadOnlyList<double> LabMean { get; }
    /// <summary>Standard deviation of L, a, b (divided by the pixel count).</summary>
    public IReadOnlyList<double> LabStd { get; }
    /// <summary>Counts of each value 0–255: channel c's bin v at <c>[c·256 + v]</c>.</summary>
    public IReadOnlyList<int> Histograms { get; }

    /// <summary>Measures <paramref name="image"/> (RGB) inside <paramref name="region"/>, or everywhere when it is null.</summary>
    /// <exception cref="ArgumentException">The region is empty or of another size.</exception>
    public static ColorStatistics Measure(Image image, Mask? region)
    {
        ColorAdjustments.CheckRgb(image);
        ColorAdjustments.CheckRegion(image, region);
        var pixels = RegionPixels.Select(image, region);
        if (pixels.Count == 0) throw new ArgumentException("Cannot measure the colours of an empty region.", nameof(region));
        return Measure(image, pixels, RegionPixels.ToLab(image, pixels));
    }

    /// <summary>
    /// The statistics of the whole image and of <paramref name="region"/>, converting each pixel
    /// to Lab once (equal to two <see cref="Measure(Image, Mask?)"/> calls, but cheaper).
    /// </summary>
    internal static (ColorStatistics WholeImage, ColorStatistics Region) MeasureWholeAndRegion(Image image, Mask region)
    {
        ColorAdjustments.CheckRgb(image);
        ColorAdjustments.CheckRegion(image, region);
        var all = RegionPixels.Select(image, null);
        float[] allLab = RegionPixels.ToLab(image, all);
        var inside = RegionPixels.Select(image, region);
        if (inside.Count == 0) throw new ArgumentException("Cannot measure the colours of an empty region.", nameof(region));
        var insideLab = new float[3 * inside.Count];
        for (int i = 0; i < inside.Count; i++) Array.Copy(allLab, 3 * inside[i], insideLab, 3 * i, 3);
        return (Measure(image, all, allLab), Measure(image, inside, insideLab));
    }

    /// <summary>Statistics of the listed pixels, whose interleaved Lab values are given (three per pixel, in list order).</summary>
    internal static ColorStatistics Measure(Image image, List<int> pixels, float[] lab)
    {
        int n = pixels.Count;
        var histograms = new int[3 * 256];
        var rgbMean = new double[3];
        foreach (int p in pixels)
            for (int c = 0; c < 3; c++)
            {
                byte v = image.Pixels[3 * p + c];
                histograms[c * 256 + v]++;
                rgbMean[c] += v;
            }
        for (int c = 0; c < 3; c++) rgbMean[c] /= n;

        var covariance = new double[9];
        foreach (int p in pixels)
        {
            double dr = image.Pixels[3 * p] - rgbMean[0], dg = image.Pixels[3 * p + 1] - rgbMean[1], db = image.Pixels[3 * p + 2] - rgbMean[2];
            covariance[0] += dr * dr; covariance[1] += dr * dg; covariance[2] += dr * db;
            covariance[4] += dg * dg; covariance[5] += dg * db; covariance[8] += db * db;
        }
        covariance[3] = covariance[1]; covariance[6] = covariance[2]; covariance[7] = covariance[5];
        for (int i = 0; i < 9; i++) covariance[i] /= n;

        var labMean = new double[3];
        var labStd = new double[3];
        for (int c = 0; c < 3; c++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += lab[3 * i + c];
            labMean[c] = sum / n;
            double squares = 0;
            for (int i = 0; i < n; i++) { double d = lab[3 * i + c] - labMean[c]; squares += d * d; }
            labStd[c] = Math.Sqrt(squares / n);
        }
        return new ColorStatistics(n, rgbMean, covariance, labMean, labStd, histograms);
    }
}
