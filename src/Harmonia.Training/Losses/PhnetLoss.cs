using Harmonia.Tensors;

namespace Harmonia.Training.Losses;

/// <summary>The weighted parts of <see cref="PhnetLoss"/>, for logging; each is a scalar tensor before weighting.</summary>
/// <param name="Total">The weighted sum that is back-propagated.</param>
/// <param name="PsnrTerm">100 / (PSNR + ε) of the raw prediction against the target.</param>
/// <param name="FnMse">Foreground-normalized MSE of the raw prediction against the target.</param>
/// <param name="Gradient">L1 between the image gradients of prediction·M and target·M.</param>
public sealed record PhnetLossParts(Tensor Total, Tensor PsnrTerm, Tensor FnMse, Tensor Gradient);

/// <summary>
/// PHNet's training objective as its authors' trainer applies it:
/// <c>0.2 · 100/(PSNR + 1e-7) + 0.01 · FN-MSE + 0.01 · gradient-L1</c>.
/// </summary>
/// <remarks>
/// Which tensors each term sees follows the authors' code (their <c>train_step</c>), which differs
/// from a reading of the paper where every term compares masked images:
/// <list type="bullet">
/// <item>PSNR term: the raw, unblended prediction against the real image, whole images, one PSNR
/// over the whole batch (kornia's <c>psnr</c>), peak value 1 (images in [0, 1]);
/// see <see cref="PsnrReciprocalLoss"/>.</item>
/// <item>FN-MSE: the raw prediction against the real image with the composite's mask, min area
/// 100, per-sample values averaged over the batch; see <see cref="MaskWeightedMse"/>. Because
/// the prediction is not blended, background error counts in the numerator.</item>
/// <item>Gradient: real·M against prediction·M, L1 over horizontal and vertical forward
/// differences; see <see cref="MaskedImageGradientL1Loss"/>.</item>
/// </list>
/// The other terms of their trainer (LPIPS, L1, L2, colour) have weight 0 in their configuration
/// and are left out. Their mixed-precision autocast is not reproduced: everything is float32.
/// </remarks>
public sealed class PhnetLoss : IImageLoss
{
    private readonly PsnrReciprocalLoss psnr;
    private readonly MaskWeightedMse fnMse;
    private readonly MaskedImageGradientL1Loss gradient = new();

    /// <summary>Creates the objective; the defaults are PHNet's published configuration.</summary>
    /// <param name="psnrWeight">Weight of 100/(PSNR + ε) (0.2).</param>
    /// <param name="fnMseWeight">Weight of FN-MSE (0.01).</param>
    /// <param name="gradientWeight">Weight of the gradient L1 (0.01).</param>
    /// <param name="maxValue">PSNR peak value (1).</param>
    /// <param name="minArea">FN-MSE area floor in pixels (100).</param>
    /// <param name="psnrEpsilon">Added to the PSNR before the reciprocal (1e-7).</param>
    public PhnetLoss(float psnrWeight = 0.2f, float fnMseWeight = 0.01f, float gradientWeight = 0.01f,
        float maxValue = 1f, float minArea = 100f, float psnrEpsilon = 1e-7f)
    {
        RequireWeight(psnrWeight, nameof(psnrWeight));
        RequireWeight(fnMseWeight, nameof(fnMseWeight));
        RequireWeight(gradientWeight, nameof(gradientWeight));
        PsnrWeight = psnrWeight;
        FnMseWeight = fnMseWeight;
        GradientWeight = gradientWeight;
        psnr = new PsnrReciprocalLoss(maxValue, psnrEpsilon);
        fnMse = new MaskWeightedMse(minArea);
    }

    /// <summary>Weight of the PSNR term.</summary>
    public float PsnrWeight { get; }

    /// <summary>Weight of the FN-MSE term.</summary>
    public float FnMseWeight { get; }

    /// <summary>Weight of the gradient term.</summary>
    public float GradientWeight { get; }

    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target, Tensor mask) => ComputeParts(prediction, target, mask).Total;

    /// <summary>The objective and its unweighted parts.</summary>
    public PhnetLossParts ComputeParts(Tensor prediction, Tensor target, Tensor mask)
    {
        LossInputs.RequireMaskedImagePair(prediction, target, mask, nameof(PhnetLoss));
        var psnrTerm = psnr.Compute(prediction, target, mask);
        var fnMseTerm = fnMse.Compute(prediction, target, mask);
        var gradientTerm = gradient.Compute(prediction, target, mask);
        var total = psnrTerm * PsnrWeight + fnMseTerm * FnMseWeight + gradientTerm * GradientWeight;
        return new PhnetLossParts(total, psnrTerm, fnMseTerm, gradientTerm);
    }

    private static void RequireWeight(float weight, string name)
    {
        if (!(weight >= 0f) || float.IsInfinity(weight))
            throw new ArgumentOutOfRangeException(name, weight, "A loss weight must be non-negative and finite.");
    }
}
