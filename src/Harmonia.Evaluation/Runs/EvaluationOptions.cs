using Harmonia.Evaluation.Metrics;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;
using Harmonia.Tensors;

namespace Harmonia.Evaluation.Runs;

/// <summary>How one evaluation run prepares images, scores them and writes its output.</summary>
/// <param name="Size">
/// Working size; null means <see cref="WorkingSize.Standard"/> (256 × 256). Composite and real are
/// resized with <paramref name="ImageFilter"/>, the mask with nearest-neighbour sampling (it stays binary).
/// </param>
/// <param name="Metrics">Metric conventions (fMSE variant, PSNR peak, SSIM); null means <see cref="MetricOptions.Default"/>.</param>
/// <param name="SaveImages">Also write each harmonized image to images/&lt;subset&gt;/&lt;name&gt;.png under the output directory.</param>
/// <param name="Overwrite">Allow an output directory that already holds files; the report files (and saved images of the same names) are replaced, other files are left alone.</param>
/// <param name="OnBadImage">Fail the run (default) or skip a sample whose files cannot be used.</param>
/// <param name="Workers">Images evaluated at once; 0 means <see cref="EngineSettings.Threads"/>. Each worker holds one image's activations, so lower it for large networks.</param>
/// <param name="ImageFilter">Filter resizing the composite and the real image to the working size (Pillow semantics); default bicubic.</param>
/// <param name="DecodeLimits">Limits on decoded image size; null means <see cref="Imaging.Files.DecodeLimits.Default"/>.</param>
public sealed record EvaluationOptions(
    WorkingSize? Size = null,
    MetricOptions? Metrics = null,
    bool SaveImages = false,
    bool Overwrite = false,
    BadImagePolicy OnBadImage = BadImagePolicy.Fail,
    int Workers = 0,
    ResamplingFilter ImageFilter = ResamplingFilter.Bicubic,
    DecodeLimits? DecodeLimits = null)
{
    /// <summary>The standard protocol: 256 × 256, bicubic, standard metrics, fail on a bad image.</summary>
    public static EvaluationOptions Default { get; } = new();

    /// <summary>The working size in effect (never null).</summary>
    public WorkingSize EffectiveSize => Size ?? WorkingSize.Standard;

    /// <summary>The metric conventions in effect (never null).</summary>
    public MetricOptions EffectiveMetrics => Metrics ?? MetricOptions.Default;

    /// <summary>The number of concurrent images in effect (at least 1).</summary>
    public int EffectiveWorkers => Workers > 0 ? Workers : Math.Max(1, EngineSettings.Threads);

    /// <summary>The decode limits in effect (never null).</summary>
    public DecodeLimits EffectiveDecodeLimits => DecodeLimits ?? Imaging.Files.DecodeLimits.Default;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Workers < 0) throw new ArgumentException($"Workers must be 0 (automatic) or positive, got {Workers}.");
        if (!Enum.IsDefined(OnBadImage)) throw new ArgumentException($"Unknown bad-image policy {OnBadImage}.");
        if (!Enum.IsDefined(ImageFilter)) throw new ArgumentException($"Unknown resampling filter {ImageFilter}.");
        EffectiveMetrics.EffectiveSsim.Validate();
    }
}
