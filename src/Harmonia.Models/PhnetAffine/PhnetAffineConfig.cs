using Harmonia.Models.Phnet;

namespace Harmonia.Models.PhnetAffine;

/// <summary>
/// Settings of <see cref="PhnetAffineNetwork"/>: the PHNet backbone's widths and patch grids. The
/// backbone's output is always the 12 parameters of a per-pixel affine colour map.
/// </summary>
public sealed record PhnetAffineConfig : INetworkConfig
{
    /// <summary>The backbone: PHNet with <see cref="PerPixelAffineMap.Parameters"/> output channels.</summary>
    public PhnetConfig Backbone { get; init; } = PhnetConfig.Lite with { OutputChannels = PerPixelAffineMap.Parameters };

    /// <summary>PHNet-lite's widths with the affine head.</summary>
    public static PhnetAffineConfig Lite { get; } = new();

    /// <inheritdoc/>
    public void Validate()
    {
        Backbone.Validate();
        if (Backbone.OutputChannels != PerPixelAffineMap.Parameters)
            throw new ArgumentException($"the affine colour head predicts {PerPixelAffineMap.Parameters} map parameters per pixel; the backbone has {Backbone.OutputChannels} outputs");
    }
}
