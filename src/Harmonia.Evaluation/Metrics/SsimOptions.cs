namespace Harmonia.Evaluation.Metrics;

/// <summary>
/// Parameters of the Gaussian-window SSIM (Wang et al. 2004). The defaults are those of pytorch_msssim
/// as PHNet uses it: an 11×11 Gaussian window with σ = 1.5, K1 = 0.01, K2 = 0.03, data range 255, and
/// a "valid" filter (no padding, so the SSIM map is (W−10)×(H−10)). skimage's
/// <c>structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=255)</c>
/// filters with reflect padding but then crops (win−1)/2 pixels from every border before averaging, which
/// leaves exactly the same map; both therefore agree with this implementation up to rounding.
/// </summary>
/// <param name="WindowSize">Side of the square Gaussian window; odd, ≥ 3.</param>
/// <param name="Sigma">Standard deviation of the Gaussian, in pixels; &gt; 0.</param>
/// <param name="K1">Luminance stabiliser: C1 = (K1·DataRange)².</param>
/// <param name="K2">Contrast-structure stabiliser: C2 = (K2·DataRange)².</param>
/// <param name="DataRange">Dynamic range of the values (255 for 8-bit data).</param>
public sealed record SsimOptions(
    int WindowSize = 11,
    double Sigma = 1.5,
    double K1 = 0.01,
    double K2 = 0.03,
    double DataRange = 255)
{
    /// <summary>The pytorch_msssim / "valid 11×11 Gaussian" settings, the default.</summary>
    public static SsimOptions Default { get; } = new();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid parameter.</summary>
    public void Validate()
    {
        if (WindowSize < 3 || WindowSize % 2 == 0)
            throw new ArgumentException($"SSIM window size must be odd and at least 3, got {WindowSize}.");
        if (!(Sigma > 0) || double.IsInfinity(Sigma))
            throw new ArgumentException($"SSIM sigma must be positive and finite, got {Sigma}.");
        if (!(K1 > 0) || !(K2 > 0) || double.IsInfinity(K1) || double.IsInfinity(K2))
            throw new ArgumentException($"SSIM K1 and K2 must be positive and finite, got {K1} and {K2}.");
        if (!(DataRange > 0) || double.IsInfinity(DataRange))
            throw new ArgumentException($"SSIM data range must be positive and finite, got {DataRange}.");
    }
}
