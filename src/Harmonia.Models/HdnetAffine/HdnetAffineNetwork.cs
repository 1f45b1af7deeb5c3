using Harmonia.Models.Hdnet;
using Harmonia.NN;
using Harmonia.Tensors;

namespace Harmonia.Models.HdnetAffine;

/// <summary>
/// Harmonia's variant of HDNet whose head predicts a colour transform instead of pixels: for every
/// pixel, the 12 numbers of a <see cref="PerPixelAffineMap"/> (through HDNet's tanh) applied to the
/// composite's colour in HDNet's [−1, 1]. With a head of zeros it is the identity.
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
        return PerPixelAffineMap.Apply(map, composite);
    }
}
