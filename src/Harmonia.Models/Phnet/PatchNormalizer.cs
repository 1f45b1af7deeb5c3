using Harmonia.NN;
using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Models.Phnet;

/// <summary>
/// PHNet's patch-based normalization (PN) block on a skip connection. The foreground is
/// whitened with its own statistics and re-coloured twice: with the global background
/// statistics, and with a learned mix of the background's patch means. The background is
/// whitened and re-scaled. Learned scales, shifts and branch weights combine the parts, and
/// the mask blends foreground and background.
/// </summary>
public sealed class PatchNormalizer : Module
{
    private const float Eps = 1e-7f;
    private readonly int gridCount;
    private readonly Tensor weights, fgVar, fgBias, patchedFgVar, patchedFgBias, bgVar, bgBias, gridWeights;

    /// <summary>Creates the block for <paramref name="channels"/> channels and a g×g grid.</summary>
    public PatchNormalizer(int channels, int gridCount, float[] initWeights, float initValue)
    {
        this.gridCount = gridCount;
        weights = RegisterParameter("weights", Tensor.FromArray((float[])initWeights.Clone(), 2));
        fgVar = RegisterParameter("fg_var", Tensor.Full([1, channels, 1, 1], initValue));
        fgBias = RegisterParameter("fg_bias", Tensor.Zeros(1, channels, 1, 1));
        patchedFgVar = RegisterParameter("patched_fg_var", Tensor.Full([1, channels, 1, 1], initValue));
        patchedFgBias = RegisterParameter("patched_fg_bias", Tensor.Zeros(1, channels, 1, 1));
        bgVar = RegisterParameter("bg_var", Tensor.Full([1, channels, 1, 1], initValue));
        bgBias = RegisterParameter("bg_bias", Tensor.Zeros(1, channels, 1, 1));
        gridWeights = RegisterParameter("grid_weights", Tensor.Full([1, channels, gridCount, gridCount], 1f / (gridCount * gridCount * channels)));
    }

    /// <summary>
    /// Normalises a skip feature map. PHNet passes the same map as <paramref name="foreground"/>
    /// and <paramref name="background"/>; <paramref name="mask"/> is at the map's size.
    /// </summary>
    public Tensor Forward(Tensor foreground, Tensor background, Tensor mask)
    {
        if (Autograd.IsEnabled) return ComposedForward(foreground, background, mask);
        var w = weights.Data;
        return PatchNormalizerKernel.Forward(foreground, background, mask, gridCount,
            new PatchNormalizerKernel.Coefficients(w[0], w[1], fgVar.Data, fgBias.Data, patchedFgVar.Data, patchedFgBias.Data, bgVar.Data, bgBias.Data, gridWeights.Data), Eps);
    }

    /// <summary>
    /// The same normalisation built from tensor ops: the readable definition, the training path
    /// (gradients on), and the reference <see cref="PatchNormalizerKernel"/> is tested against.
    /// </summary>
    public Tensor ComposedForward(Tensor foreground, Tensor background, Tensor mask)
    {
        var backgroundMask = 1f - mask;

        // Σ over the grid of (patch mean of the background) · grid weight, per sample and channel.
        var grid = new PatchGrid(gridCount, background.Shape[2], background.Shape[3]);
        Tensor? patchedBackMean = null;
        for (int i = 0; i < gridCount; i++)
            for (int j = 0; j < gridCount; j++)
            {
                var (patchMean, _) = MaskedMeanStd(grid.Patch(background, i, j), grid.Patch(backgroundMask, i, j));
                var term = patchMean * Narrow(Narrow(gridWeights, 2, i, 1), 3, j, 1);
                patchedBackMean = patchedBackMean is null ? term : patchedBackMean + term;
            }

        var (bgMean, bgStd) = MaskedMeanStd(background, backgroundMask);
        var backgroundNormalized = (background - bgMean) / bgStd * bgVar + bgBias;

        var (fgMean, fgStd) = MaskedMeanStd(foreground, mask);
        var whitened = (foreground - fgMean) / fgStd;
        var globallyStyled = (whitened * bgStd + bgMean) * fgVar + fgBias;
        var patchStyled = (whitened * bgStd + patchedBackMean!) * patchedFgVar + patchedFgBias;
        var foregroundResult = Narrow(weights, 0, 0, 1) * globallyStyled + Narrow(weights, 0, 1, 1) * patchStyled;
        return foregroundResult * mask + backgroundNormalized * (1f - mask);
    }

    /// <summary>Mean and std over H, W of the pixels where <paramref name="regionMask"/> is 1: Σ(x·m)/(Σm + ε), √(Σ((x − μ)·m)²/(Σm + ε) + ε).</summary>
    private static (Tensor Mean, Tensor Std) MaskedMeanStd(Tensor x, Tensor regionMask)
    {
        var count = Sum(regionMask, [2, 3], keepDim: true) + Eps;
        var mean = Sum(x * regionMask, [2, 3], keepDim: true) / count;
        var variance = Sum(Pow((x - mean) * regionMask, 2), [2, 3], keepDim: true) / count;
        return (mean, Sqrt(variance + Eps));
    }
}
