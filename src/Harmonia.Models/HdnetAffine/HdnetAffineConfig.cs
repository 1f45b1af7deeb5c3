using Harmonia.Models.Hdnet;

namespace Harmonia.Models.HdnetAffine;

/// <summary>
/// Settings of <see cref="HdnetAffineNetwork"/>: the HDNet backbone's width and Local Dynamic options.
/// The backbone's output is always the 12 parameters of a per-pixel affine colour map.
/// </summary>
public sealed record HdnetAffineConfig : INetworkConfig
{
    /// <summary>Parameters of a colour map per pixel: a 3×3 matrix and an offset.</summary>
    public const int MapParameters = PerPixelAffineMap.Parameters;

    /// <summary>The backbone: HDNet with RGB input; its output channels are set to <see cref="MapParameters"/>.</summary>
    public HdnetConfig Backbone { get; init; } = HdnetConfig.Lite with { OutputChannels = MapParameters };

    /// <summary>HDNet-lite's width (ngf 8) with the affine head.</summary>
    public static HdnetAffineConfig Lite { get; } = new();

    /// <inheritdoc/>
    public void Validate()
    {
        Backbone.Validate();
        if (Backbone.InputChannels != 3 || Backbone.OutputChannels != MapParameters)
            throw new ArgumentException($"the affine colour head reads an RGB composite and predicts {MapParameters} map parameters per pixel; the backbone has {Backbone.InputChannels} in and {Backbone.OutputChannels} out");
    }
}
