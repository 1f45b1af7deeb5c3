using Harmonia.NN;
using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Models.Hdnet;

/// <summary>
/// Region-aware adaptive instance normalization (RAIN), HDNet's decoder norm. The background
/// is normalised by its own statistics; the foreground is normalised by its own and then
/// given the background's mean and spread. Each region has a learned (1 + γ) and β, which
/// start at zero so the layer starts as plain re-styling.
/// </summary>
public sealed class Rain : Module
{
    private const float Eps = 1e-5f;
    private readonly Tensor foregroundGamma, foregroundBeta, backgroundGamma, backgroundBeta;

    /// <summary>Creates the layer for <paramref name="channels"/> channels.</summary>
    public Rain(int channels)
    {
        foregroundGamma = RegisterParameter("foreground_gamma", Tensor.Zeros(channels));
        foregroundBeta = RegisterParameter("foreground_beta", Tensor.Zeros(channels));
        backgroundGamma = RegisterParameter("background_gamma", Tensor.Zeros(channels));
        backgroundBeta = RegisterParameter("background_beta", Tensor.Zeros(channels));
    }

    /// <summary>Normalises <paramref name="x"/> [N, C, H, W] with the full-resolution <paramref name="mask"/> [N, 1, H', W'].</summary>
    public Tensor Forward(Tensor x, Tensor mask)
    {
        var m = MaskOps.ResizeNearest(mask, x.Shape[2], x.Shape[3]);
        return Autograd.IsEnabled
            ? RainOp.Apply(x, m, foregroundGamma, foregroundBeta, backgroundGamma, backgroundBeta)
            : RainOp.Normalize(x, m, foregroundGamma.Data, foregroundBeta.Data, backgroundGamma.Data, backgroundBeta.Data, statistics: null);
    }

    /// <summary>
    /// The same function built from tensor ops, exactly as the authors write it. It is the readable
    /// definition, and the reference the fused op and kernel are tested against.
    /// </summary>
    public Tensor ComposedForward(Tensor x, Tensor mask)
    {
        int channels = x.Shape[1];
        var m = MaskOps.ResizeNearest(mask, x.Shape[2], x.Shape[3]);
        var background = 1f - m;

        var (meanBack, stdBack) = RegionMeanStd(x * background, background);
        var normalized = (x - meanBack) / stdBack;
        var styledBackground = (normalized * (1f + backgroundGamma.Reshape(1, channels, 1, 1)) + backgroundBeta.Reshape(1, channels, 1, 1)) * background;

        var (meanFore, stdFore) = RegionMeanStd(x * m, m);
        var restyled = (x - meanFore) / stdFore * stdBack + meanBack;
        var styledForeground = (restyled * (1f + foregroundGamma.Reshape(1, channels, 1, 1)) + foregroundBeta.Reshape(1, channels, 1, 1)) * m;

        return styledForeground + styledBackground;
    }

    /// <summary>
    /// Mean and standard deviation of the region where <paramref name="regionMask"/> is 1, per
    /// sample and channel. <paramref name="region"/> is already masked; outside it the term
    /// (region + (1 − mask)·mean − mean) vanishes, so only region pixels count.
    /// </summary>
    private static (Tensor Mean, Tensor Std) RegionMeanStd(Tensor region, Tensor regionMask)
    {
        var count = Sum(regionMask, [2, 3], keepDim: true) + Eps;
        var mean = Sum(region, [2, 3], keepDim: true) / count;
        var deviation = region + (1f - regionMask) * mean - mean;
        var variance = Sum(Pow(deviation, 2), [2, 3], keepDim: true) / count;
        return (mean, Sqrt(variance + Eps));
    }
}
