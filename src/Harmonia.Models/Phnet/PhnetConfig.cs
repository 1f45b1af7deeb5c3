namespace Harmonia.Models.Phnet;

/// <summary>PHNet's architecture settings, with the authors' two published configurations.</summary>
public sealed record PhnetConfig : INetworkConfig
{
    /// <summary>Encoder widths from the input (3 channels) to the bottleneck: seven entries.</summary>
    public int[] EncSizes { get; init; } = [3, 16, 32, 64, 128, 256, 512];
    /// <summary>
    /// Grid sizes of the patch normalizers on the deepest-but-used skip levels, outermost last; the
    /// feature extractor uses <c>GridCounts[1]</c>. Its length decides where normalizers start.
    /// </summary>
    public int[] GridCounts { get; init; } = [10, 5, 1];
    /// <summary>Initial branch weights of the patch normalizers.</summary>
    public float[] InitWeights { get; init; } = [0.5f, 0.5f];
    /// <summary>Initial scale of the patch normalizers' learned variances.</summary>
    public float InitValue { get; init; } = 0.8f;
    /// <summary>
    /// Channels of the last decoder step: 3 (RGB) in the authors' models; Harmonia's affine head
    /// (<c>phnet-affine</c>) sets 12. Not part of the authors' configuration, so not written with it.
    /// </summary>
    public int OutputChannels { get; init; } = 3;

    /// <summary>The iHarmony4 model: 9.99 M parameters.</summary>
    public static PhnetConfig IHarmony4 { get; } = new();
    /// <summary>
    /// Harmonia's PHNet-lite, not a configuration of the paper: the iHarmony4 model at half the
    /// width (2.5 M parameters), small enough to train on a 2-core CPU for the bundled weights.
    /// </summary>
    public static PhnetConfig Lite { get; } = new() { EncSizes = [3, 8, 16, 32, 64, 128, 256] };
    /// <summary>The FFHQH portrait model.</summary>
    public static PhnetConfig Ffhqh { get; } = new() { EncSizes = [3, 16, 64, 128, 256, 512, 1024], GridCounts = [4, 3, 2, 1] };

    /// <summary>Throws on settings the network cannot be built with.</summary>
    public void Validate()
    {
        if (EncSizes.Length != 7) throw new ArgumentException($"PHNet enc_sizes must have 7 entries, got {EncSizes.Length}.");
        if (EncSizes[0] != 3) throw new ArgumentException($"PHNet enc_sizes must start with 3 input channels, got {EncSizes[0]}.");
        if (EncSizes.Any(s => s < 1)) throw new ArgumentException("PHNet enc_sizes must be positive.");
        if (EncSizes[6] < 8) throw new ArgumentException($"PHNet's SE block divides the bottleneck width by 8; enc_sizes[6] = {EncSizes[6]} is too small.");
        if (GridCounts.Length < 2 || GridCounts.Length > 6) throw new ArgumentException($"PHNet grid_counts must have 2 to 6 entries, got {GridCounts.Length}.");
        if (GridCounts.Any(g => g < 1)) throw new ArgumentException("PHNet grid counts must be positive.");
        if (InitWeights.Length != 2) throw new ArgumentException("PHNet init_weights must have 2 entries.");
        if (OutputChannels < 1) throw new ArgumentException($"PHNet needs at least one output channel, got {OutputChannels}.");
    }
}
