using Harmonia.Evaluation.Metrics;

namespace Harmonia.Evaluation.Reports;

/// <summary>Turns per-image records into the per-subset, overall and per-bucket means.</summary>
public static class EvaluationAggregator
{
    /// <summary>
    /// Summarises <paramref name="records"/>. Sums run in record order, so the same records give
    /// bit-identical means. Images with an empty mask count in MSE/PSNR/SSIM means and in counts, but
    /// not in fMSE/fPSNR means nor in any bucket (see <see cref="MetricSummary.WithoutForegroundCount"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A record has an empty subset name or a foreground ratio outside [0, 1].</exception>
    public static EvaluationSummary Summarize(IEnumerable<ImageRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var subsetOrder = new List<string>();
        var bySubset = new Dictionary<string, MetricAccumulator>(StringComparer.Ordinal);
        var all = new MetricAccumulator();
        var buckets = ForegroundRatioBuckets.All.ToDictionary(b => b, _ => new MetricAccumulator());
        var shifts = new List<ForegroundLabShift>();

        foreach (ImageRecord record in records)
        {
            if (record is null) throw new ArgumentException("The records contain a null entry.", nameof(records));
            if (string.IsNullOrEmpty(record.Subset))
                throw new ArgumentException($"Image '{record.Name}' has an empty subset name.", nameof(records));
            if (!(record.ForegroundRatio >= 0 && record.ForegroundRatio <= 1))
                throw new ArgumentException(
                    $"Image '{record.Name}' of subset '{record.Subset}' has foreground ratio {record.ForegroundRatio}; it must lie in [0, 1].",
                    nameof(records));

            if (!bySubset.TryGetValue(record.Subset, out MetricAccumulator? subset))
            {
                subset = new MetricAccumulator();
                bySubset.Add(record.Subset, subset);
                subsetOrder.Add(record.Subset);
            }
            subset.Add(record);
            all.Add(record);
            if (record.LabShift is { } shift) shifts.Add(shift);
            if (ForegroundRatioBuckets.Classify(record.ForegroundRatio) is { } bucket)
                buckets[bucket].Add(record);
        }

        return new EvaluationSummary(
            subsetOrder.Select(name => new SubsetSummary(name, bySubset[name].ToSummary())).ToList(),
            all.ToSummary(),
            ForegroundRatioBuckets.All.Select(b => new BucketSummary(b, buckets[b].ToSummary())).ToList())
        {
            LabShift = LabShiftSummary.Of(shifts),
        };
    }
}
