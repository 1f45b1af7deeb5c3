using System.Globalization;

namespace Harmonia.Cli.Reporting;

/// <summary>How progress numbers are written, shared by the live bar and the plain log lines.</summary>
internal static class ProgressFormat
{
    /// <summary>"120/1000 images (12%)", or "120 images" when the total is unknown.</summary>
    public static string Count(long completed, long? total, string unit) =>
        total is > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{completed}/{total} {unit} ({100.0 * completed / total.Value:0}%)")
            : string.Create(CultureInfo.InvariantCulture, $"{completed} {unit}");

    /// <summary>"3.42 images/s", with about three significant digits.</summary>
    public static string Rate(double itemsPerSecond, string unit)
    {
        var format = itemsPerSecond >= 100 ? "0" : itemsPerSecond >= 10 ? "0.0" : "0.00";
        return itemsPerSecond.ToString(format, CultureInfo.InvariantCulture) + $" {unit}/s";
    }

    /// <summary>"1h 02m", "4m 05s", "12s".</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
            duration = TimeSpan.Zero;
        return duration.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(long)duration.TotalHours}h {duration.Minutes:00}m")
            : duration.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes}m {duration.Seconds:00}s")
                : string.Create(CultureInfo.InvariantCulture, $"{duration.Seconds}s");
    }

    /// <summary>Time left at the current rate, or null when it cannot be estimated yet.</summary>
    public static TimeSpan? EstimateRemaining(long completed, long? total, double itemsPerSecond)
    {
        if (total is not > 0)
            return null;
        if (completed >= total)
            return TimeSpan.Zero;
        if (itemsPerSecond <= 0)
            return null;
        var seconds = (total.Value - completed) / itemsPerSecond;
        // Caps absurd estimates (a stalled start) instead of overflowing TimeSpan.
        return seconds < TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.FromSeconds(seconds) : null;
    }
}
