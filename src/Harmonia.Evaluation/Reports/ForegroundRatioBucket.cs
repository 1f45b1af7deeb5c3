namespace Harmonia.Evaluation.Reports;

/// <summary>
/// The foreground-ratio ranges of the iHarmony4 tables (HDNet Table 2 and its predecessors). Ranges are
/// open below and closed above, as in HDNet's evaluation code: an image with exactly 5% foreground is
/// in <see cref="UpTo5Percent"/>. (PHNet's test script uses [0,5%), [5,15%), [15,100%] instead.)
/// </summary>
public enum ForegroundRatioBucket
{
    /// <summary>(0, 5%].</summary>
    UpTo5Percent = 0,
    /// <summary>(5%, 15%].</summary>
    From5To15Percent = 1,
    /// <summary>(15%, 100%].</summary>
    From15To100Percent = 2,
}

/// <summary>Classification into, and labels of, <see cref="ForegroundRatioBucket"/>.</summary>
public static class ForegroundRatioBuckets
{
    /// <summary>Every bucket in table order.</summary>
    public static IReadOnlyList<ForegroundRatioBucket> All { get; } =
        [ForegroundRatioBucket.UpTo5Percent, ForegroundRatioBucket.From5To15Percent, ForegroundRatioBucket.From15To100Percent];

    /// <summary>The label used as the summary.json key and the report row: "0-5%", "5-15%" or "15-100%".</summary>
    public static string Label(ForegroundRatioBucket bucket) => bucket switch
    {
        ForegroundRatioBucket.UpTo5Percent => "0-5%",
        ForegroundRatioBucket.From5To15Percent => "5-15%",
        ForegroundRatioBucket.From15To100Percent => "15-100%",
        _ => throw new ArgumentOutOfRangeException(nameof(bucket), $"Unknown foreground-ratio bucket {bucket}."),
    };

    /// <summary>
    /// The bucket of <paramref name="foregroundRatio"/>, or null for a ratio of 0 (no foreground belongs
    /// to no bucket). Comparisons are on doubles; a ratio computed as count / pixels is correctly rounded,
    /// so an exact 5% or 15% compares equal to 0.05 or 0.15 and lands in the lower bucket.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The ratio is NaN or outside [0, 1].</exception>
    public static ForegroundRatioBucket? Classify(double foregroundRatio)
    {
        if (!(foregroundRatio >= 0 && foregroundRatio <= 1))
            throw new ArgumentOutOfRangeException(nameof(foregroundRatio), $"A foreground ratio must lie in [0, 1], got {foregroundRatio}.");
        if (foregroundRatio == 0) return null;
        if (foregroundRatio <= 0.05) return ForegroundRatioBucket.UpTo5Percent;
        if (foregroundRatio <= 0.15) return ForegroundRatioBucket.From5To15Percent;
        return ForegroundRatioBucket.From15To100Percent;
    }
}
