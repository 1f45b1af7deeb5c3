using Harmonia.Models.Hdnet;
using Harmonia.NN;
using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Models.HdnetAffine;

/// <summary>
/// Harmonia's variant of HDNet whose head predicts a colour transform instead of pixels (the idea of
/// PCT-Net): for every pixel, 12 numbers P (through HDNet's tanh) define the map
/// <c>out_k = c_k + Σ_j P[3k + j]·c_j + P[9 + k]</c> of the composite's colour c, in HDNet's [−1, 1].
/// The result can only recolour the composite's own pixels, so it cannot paint texture; with a head
/// of zeros it is the identity.
/// </summary>
/// <remarks>
/// The backbone is <see cref="HdnetNetwork"/> itself with 12 output channels, and its layers are
/// registered here under their own names, so the tensor names are HDNet's: an HDNet checkpoint fits
/// every tensor but the head (<see cref="HdnetAffineArchitecture.StartingWeights"/>).
/// </remarks>
public sealed class HdnetAffineNetwork : Module, IHarmonizationNetwork
{
    private readonly HdnetNetwork backbone;

    /// <summary>Builds the network (weights at PyTorch's layer defaults, as <see cref="HdnetNetwork"/>'s).</summary>
    public HdnetAffineNetwork(HdnetAffineConfig config)
    {
        config.Validate();
        Config = config;
        backbone = new HdnetNetwork(config.Backbone);
        foreach (var (name, layer) in backbone.Children) RegisterModule(name, layer);
    }

    /// <summary>The architecture settings.</summary>
    public HdnetAffineConfig Config { get; }

    /// <summary>
    /// The harmonized image [N, 3, H, W] in [−1, 1] from <paramref name="composite"/> [N, 3, H, W] in
    /// [−1, 1] and <paramref name="mask"/> [N, 1, H, W]: the backbone's map applied to each pixel.
    /// </summary>
    public Tensor Forward(Tensor composite, Tensor mask)
    {
        var map = backbone.Forward(composite, mask);
        return ApplyColourMap(map, composite);
    }

    /// <summary>
    /// <c>out_k = c_k + Σ_j map[3k + j]·c_j + map[9 + k]</c> per pixel, for a <paramref name="map"/>
    /// [N, 12, H, W] and colours <paramref name="colour"/> [N, 3, H, W]; composed of autograd ops, so
    /// its backward is theirs.
    /// </summary>
    public static Tensor ApplyColourMap(Tensor map, Tensor colour)
    {
        var channels = new Tensor[3];
        for (int k = 0; k < 3; k++)
        {
            var mixed = Narrow(map, 1, 3 * k, 3) * colour;                       // [N, 3, H, W]: row k times c
            channels[k] = Narrow(colour, 1, k, 1) + Sum(mixed, [1], keepDim: true) + Narrow(map, 1, 9 + k, 1);
        }
        return Cat(channels, 1);
    }
}
