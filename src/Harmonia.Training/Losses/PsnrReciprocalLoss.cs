using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Training.Losses;

/// <summary>
/// PHNet's positive PSNR loss: 100 / (PSNR + ε), where PSNR = 10·log10(max² / MSE) and the MSE is
/// taken over every element of the whole batch (one PSNR for the batch, as kornia's <c>psnr</c>
/// computes it, not a mean of per-image PSNRs). The mask is ignored.
/// </summary>
/// <remarks>
/// The reciprocal turns "maximize PSNR" into a positive quantity that shrinks as PSNR grows. It
/// is only well behaved while PSNR stays clearly positive, i.e. MSE &lt; max²: for images in
/// [0, max] that always holds except for the degenerate MSE = max² (loss 100/ε). At MSE = 0 the
/// value is 0 but the gradient is NaN (the PSNR is infinite), exactly as in the reference.
/// </remarks>
public sealed class PsnrReciprocalLoss : IImageLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="maxValue">The largest pixel value (PHNet trains on [0, 1] images: 1).</param>
    /// <param name="epsilon">Added to the PSNR before the reciprocal (PHNet: 1e-7).</param>
    public PsnrReciprocalLoss(float maxValue = 1f, float epsilon = 1e-7f)
    {
        if (!(maxValue > 0f) || float.IsInfinity(maxValue))
            throw new ArgumentOutOfRangeException(nameof(maxValue), maxValue, "The maximum pixel value must be positive and finite.");
        if (!(epsilon >= 0f) || float.IsInfinity(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be non-negative and finite.");
        MaxValue = maxValue;
        Epsilon = epsilon;
    }

    /// <summary>The largest pixel value, the "peak" of the PSNR.</summary>
    public float MaxValue { get; }

    /// <summary>Added to the PSNR before taking the reciprocal.</summary>
    public float Epsilon { get; }

    /// <summary>The batch PSNR in dB, 10·log10(max² / MSE), differentiable.</summary>
    public Tensor Psnr(Tensor prediction, Tensor target)
    {
        LossInputs.RequireImagePair(prediction, target, nameof(PsnrReciprocalLoss));
        var mse = Mean(Pow(prediction - target, 2f));
        // 10·log10(max²/mse) = 20·log10(max) − (10/ln 10)·ln(mse)
        float peakDecibels = (float)(20.0 * Math.Log10(MaxValue));
        return Log(mse) * (float)(-10.0 / Math.Log(10.0)) + peakDecibels;
    }

    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target, Tensor mask)
        => RDiv(100f, Psnr(prediction, target) + Epsilon);
}
