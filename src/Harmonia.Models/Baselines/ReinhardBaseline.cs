using Harmonia.Imaging;
using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;
using Harmonia.Imaging.Color;

namespace Harmonia.Models.Baselines;

/// <summary>
/// The classical colour transfer of Reinhard et al. (2001) applied to harmonization: in CIE Lab,
/// the foreground is shifted and scaled so that each channel's mean and standard deviation match
/// the background's.
/// </summary>
public sealed class ReinhardBaseline : IHarmonizer
{
    private const float Eps = 1e-6f;

    /// <inheritdoc/>
    public string Name => "reinhard";
    /// <inheritdoc/>
    public int SizeMultiple => 1;

    /// <inheritdoc/>
    public Tensor Harmonize(Tensor composite, Tensor mask)
    {
        using var _ = Autograd.NoGrad();
        var lab = CieLab.FromSrgb(composite);
        var background = 1f - mask;
        var (fgMean, fgStd) = RegionStatistics(lab, mask);
        var (bgMean, bgStd) = RegionStatistics(lab, background);
        // An empty region has no statistics: leave the image as it is.
        if (Sum(mask).Item() < 1f || Sum(background).Item() < 1f) return composite.Clone();
        var moved = (lab - fgMean) / (fgStd + Eps) * bgStd + bgMean;
        var rgb = Clamp(CieLab.ToSrgb(moved), 0f, 1f);
        return rgb * mask + composite * background;
    }

    private static (Tensor Mean, Tensor Std) RegionStatistics(Tensor lab, Tensor region)
    {
        var count = Sum(region, [2, 3], keepDim: true) + Eps;
        var mean = Sum(lab * region, [2, 3], keepDim: true) / count;
        var variance = Sum(Pow((lab - mean) * region, 2), [2, 3], keepDim: true) / count;
        return (mean, Sqrt(variance));
    }
}
