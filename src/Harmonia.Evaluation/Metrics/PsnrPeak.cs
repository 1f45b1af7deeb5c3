namespace Harmonia.Evaluation.Metrics;

/// <summary>Which peak signal value PSNR (and fPSNR) divides by.</summary>
public enum PsnrPeak
{
    /// <summary>
    /// 10·log10(255² / MSE) on 0..255 data: the fixed 8-bit range, as skimage's
    /// <c>peak_signal_noise_ratio(..., data_range=255)</c> (HDNet's evaluation). The default.
    /// Capped at <see cref="Harmonia.Imaging.Quality.ImageErrorMetrics.MaxPsnr"/> (100 dB), which MSE = 0
    /// also gives (skimage gives +∞ there), so means stay finite.
    /// </summary>
    Fixed255 = 0,

    /// <summary>
    /// 10·log10(max(target)² / (MSE + 1e-6)): the peak is the largest value of the target image over
    /// all pixels and channels, and 1e-6 is added to the MSE — the convention of PHNet's published code.
    /// MSE = 0 therefore gives a large finite value; a black target (max 0) gives −∞.
    /// </summary>
    TargetMaximum = 1,

    /// <summary>
    /// 10·log10(1 / MSE′) where MSE′ is the MSE of the data scaled to [0, 1] (MSE / 255²), for code that
    /// evaluates on [0, 1] tensors. Mathematically identical to <see cref="Fixed255"/> (it differs only by
    /// rounding); offered so a report can state which convention produced its numbers. Capped at 100 dB like it.
    /// </summary>
    UnitRange = 2,
}
