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
/// <param name="Psnr">Mean PSNR; +∞ if any image's PSNR is +∞.</param>
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
    IReadOnlyList<BucketSummary> Buckets);
