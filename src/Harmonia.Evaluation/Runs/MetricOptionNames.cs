using Harmonia.Evaluation.Metrics;
using Harmonia.Imaging.Quality;

namespace Harmonia.Evaluation.Runs;

/// <summary>
/// The names the command line uses for the metric conventions (--fmse, --psnr-peak), and their
/// parsing into <see cref="MetricOptions"/>. Names are case-insensitive.
/// </summary>
public static class MetricOptionNames
{
    /// <summary>fMSE variant names: "standard" (Σ M·e² / (C·ΣM), the papers') and "squared-masked" (Σ (M·e)² / (C·ΣM)).</summary>
    public static IReadOnlyList<string> FmseNames { get; } = ["standard", "squared-masked"];

    /// <summary>PSNR peak names: "255" (fixed 8-bit peak, HDNet's), "target-max" (max of the target + 1e-6 on the MSE, PHNet's code), "unit" ([0, 1] data).</summary>
    public static IReadOnlyList<string> PsnrPeakNames { get; } = ["255", "target-max", "unit"];

    /// <summary>The fMSE variant called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static FmseVariant ParseFmse(string name) => Normalize(name) switch
    {
        "standard" => FmseVariant.Standard,
        "squared-masked" => FmseVariant.SquaredMaskedError,
        _ => throw new ArgumentException($"Unknown fMSE variant '{name}' (known: {string.Join(", ", FmseNames)})."),
    };

    /// <summary>The PSNR peak convention called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static PsnrPeak ParsePsnrPeak(string name) => Normalize(name) switch
    {
        "255" => PsnrPeak.Fixed255,
        "target-max" => PsnrPeak.TargetMaximum,
        "unit" => PsnrPeak.UnitRange,
        _ => throw new ArgumentException($"Unknown PSNR peak '{name}' (known: {string.Join(", ", PsnrPeakNames)})."),
    };

    /// <summary>
    /// Metric options from the two names; null names mean the defaults ("standard", "255"). SSIM keeps
    /// its standard settings.
    /// </summary>
    public static MetricOptions Parse(string? fmse, string? psnrPeak) => new(
        fmse is null ? FmseVariant.Standard : ParseFmse(fmse),
        psnrPeak is null ? PsnrPeak.Fixed255 : ParsePsnrPeak(psnrPeak));

    private static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant();
    }
}
