using Harmonia.Evaluation.Metrics;

namespace Harmonia.Evaluation.Reports;

/// <summary>
/// Per-image means of a group of images (a subset, all images, or a ratio bucket). Every mean is the
/// plain arithmetic mean of the per-image values, as the papers report them (PSNR is averaged in dB,
/// not recomputed from the mean MSE). A group with no images has NaN means.
/// </summary>
/// <param name="Count">Images in the group.</param>
/// <param name="WithoutForegroundCount">Images of the group whose mask was empty; they are excluded from the fMSE and fPSNR means (and so those means are NaN when every image lacks foreground).</param>
/// <param name="Mse">Mean MSE.</param>
/// <param name="Fmse">Mean fMSE over images with foreground.</param>
/// <param name="Psnr">Mean PSNR (finite: an image's PSNR is capped at 100 dB, except under the target-maximum peak, where a black target gives −∞).</param>
/// <param name="Fpsnr">Mean fPSNR over images with foreground.</param>
/// <param name="Ssim">Mean SSIM.</param>
public sealed record MetricSummary(
    int Count, int WithoutForegroundCount,
    double Mse, double Fmse, double Psnr, double Fpsnr, double Ssim);

/// <summary>The summary of one named subset.</summary>
public sealed record SubsetSummary(string Subset, MetricSummary Metrics);

/// <summary>The summary of one foreground-ratio bucket.</summary>
public sealed record BucketSummary(ForegroundRatioBucket Bucket, MetricSummary Metrics)
{
    /// <summary>The bucket's label ("0-5%", "5-15%", "15-100%").</summary>
    public string Label => ForegroundRatioBuckets.Label(Bucket);
}

/// <summary>
/// What summary.json and report.md show: each subset in order of first appearance, "All" as the mean
/// over every image (not the mean of the subset means, which differs when subsets differ in size), and
/// the three foreground-ratio buckets in table order (always all three, possibly with count 0).
/// </summary>
public sealed record EvaluationSummary(
    IReadOnlyList<SubsetSummary> Subsets,
    MetricSummary All,
    IReadOnlyList<BucketSummary> Buckets)
{
    /// <summary>How the objects' colours moved, over every image that has a measured shift; null when none has.</summary>
    public LabShiftSummary? LabShift { get; init; }
}

/// <summary>
/// The distribution of <see cref="ForegroundLabShift"/> over a set of images: means and medians of
/// each component, and the share of objects whose a* or b* moved by more than
/// <see cref="LargeShift"/> units. A systematic colour bias shows as a median away from zero.
/// </summary>
/// <param name="Count">Images with a measured shift.</param>
/// <param name="Mean">Component-wise mean.</param>
/// <param name="Median">Component-wise median (the mean of the two middle values for an even count).</param>
/// <param name="LargeAShare">Share of images with |Δa*| &gt; <see cref="LargeShift"/>.</param>
/// <param name="LargeBShare">Share of images with |Δb*| &gt; <see cref="LargeShift"/>.</param>
public sealed record LabShiftSummary(int Count, ForegroundLabShift Mean, ForegroundLabShift Median, double LargeAShare, double LargeBShare)
{
    /// <summary>The shift, in Lab units, counted as large: about twice a just-noticeable difference.</summary>
    public const double LargeShift = 2.0;

    /// <summary>Summarises the shifts, or returns null when there are none.</summary>
    public static LabShiftSummary? Of(IReadOnlyCollection<ForegroundLabShift> shifts)
    {
        ArgumentNullException.ThrowIfNull(shifts);
        if (shifts.Count == 0) return null;
        double[] l = shifts.Select(s => s.DeltaL).ToArray();
        double[] a = shifts.Select(s => s.DeltaA).ToArray();
        double[] b = shifts.Select(s => s.DeltaB).ToArray();
        return new LabShiftSummary(
            shifts.Count,
            new ForegroundLabShift(l.Average(), a.Average(), b.Average()),
            new ForegroundLabShift(MedianOf(l), MedianOf(a), MedianOf(b)),
            a.Count(v => Math.Abs(v) > LargeShift) / (double)shifts.Count,
            b.Count(v => Math.Abs(v) > LargeShift) / (double)shifts.Count);
    }

    private static double MedianOf(double[] values)
    {
        Array.Sort(values);
        int middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : 0.5 * (values[middle - 1] + values[middle]);
    }
}
