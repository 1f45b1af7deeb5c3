namespace Harmonia.Evaluation.Reports;

/// <summary>Running sums for one group of image records; produces that group's <see cref="MetricSummary"/>.</summary>
internal sealed class MetricAccumulator
{
    private int count, withForeground;
    private double mse, fmse, psnr, fpsnr, ssim;

    public void Add(ImageRecord record)
    {
        count++;
        mse += record.Mse;
        psnr += record.Psnr;
        ssim += record.Ssim;
        if (record.HasForeground)
        {
            withForeground++;
            fmse += record.Fmse;
            fpsnr += record.Fpsnr;
        }
    }

    public MetricSummary ToSummary() => new(
        count,
        count - withForeground,
        MeanOf(mse, count),
        MeanOf(fmse, withForeground),
        MeanOf(psnr, count),
        MeanOf(fpsnr, withForeground),
        MeanOf(ssim, count));

    private static double MeanOf(double sum, int n) => n == 0 ? double.NaN : sum / n;
}
