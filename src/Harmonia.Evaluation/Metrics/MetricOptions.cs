using Harmonia.Imaging.Quality;

namespace Harmonia.Evaluation.Metrics;

/// <summary>
/// The conventions one evaluation run uses. <see cref="Default"/> is the "standard" set: fMSE as
/// Σ M·e²/(3·ΣM), PSNR/fPSNR with peak 255, and the pytorch_msssim valid 11×11 Gaussian SSIM.
/// </summary>
/// <param name="Fmse">fMSE weighting.</param>
/// <param name="Peak">PSNR and fPSNR peak convention.</param>
/// <param name="Ssim">SSIM parameters; null means <see cref="SsimOptions.Default"/>.</param>
public sealed record MetricOptions(
    FmseVariant Fmse = FmseVariant.Standard,
    PsnrPeak Peak = PsnrPeak.Fixed255,
    SsimOptions? Ssim = null)
{
    /// <summary>The standard conventions.</summary>
    public static MetricOptions Default { get; } = new();

    /// <summary>The SSIM parameters in effect (never null).</summary>
    public SsimOptions EffectiveSsim => Ssim ?? SsimOptions.Default;

    /// <summary>A one-line human description of the conventions, for reports.</summary>
    public string Describe()
    {
        string fmse = Fmse switch
        {
            FmseVariant.Standard => "fMSE = Σ M·e² / (C·ΣM)",
            FmseVariant.SquaredMaskedError => "fMSE = Σ (M·e)² / (C·ΣM)",
            _ => $"fMSE variant {Fmse}",
        };
        string peak = Peak switch
        {
            PsnrPeak.Fixed255 => "PSNR peak 255",
            PsnrPeak.TargetMaximum => "PSNR peak = max(target), MSE + 1e-6",
            PsnrPeak.UnitRange => "PSNR peak 1 on [0,1] data",
            _ => $"PSNR peak {Peak}",
        };
        SsimOptions s = EffectiveSsim;
        return FormattableString.Invariant(
            $"{fmse}; {peak}; SSIM {s.WindowSize}×{s.WindowSize} Gaussian σ={s.Sigma}, valid (no padding), K1={s.K1}, K2={s.K2}, data range {s.DataRange}");
    }
}
