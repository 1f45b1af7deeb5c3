using Harmonia.Models.Phnet;
using Harmonia.NN;
using Harmonia.Tensors;

namespace Harmonia.Models.PhnetAffine;

/// <summary>
/// Harmonia's variant of PHNet whose head predicts a colour transform instead of pixels: for every
/// pixel, the 12 numbers of a <see cref="PerPixelAffineMap"/> applied to the composite's colour in
/// PHNet's [0, 1]. PHNet's sigmoid output s becomes the map 2s − 1 (that is tanh(z/2) of the head's
/// value z), so a head of zeros is the identity.
/// </summary>
/// <remarks>
/// The backbone is <see cref="PhnetNetwork"/> itself with 12 output channels, its layers registered
/// here under their own names, so the tensor names are PHNet's: a PHNet checkpoint fits every tensor
/// but the head (<see cref="PhnetAffineArchitecture.StartingWeights"/>). A dense PHNet must rebuild
/// the whole picture through its decoder, which is where its grid texture and its changes of
/// unchanged photos come from; this head only has to say how to recolour each pixel.
/// </remarks>
public sealed class PhnetAffineNetwork : Module, IHarmonizationNetwork
{
    private readonly PhnetNetwork backbone;

    /// <summary>Builds the network (weights at PyTorch's layer defaults, as <see cref="PhnetNetwork"/>'s).</summary>
    public PhnetAffineNetwork(PhnetAffineConfig config)
    {
        config.Validate();
        Config = config;
        backbone = new PhnetNetwork(config.Backbone);
        foreach (var (name, layer) in backbone.Children) RegisterModule(name, layer);
    }

    /// <summary>The architecture settings.</summary>
    public PhnetAffineConfig Config { get; }

    /// <summary>
    /// The harmonized image [N, 3, H, W] (about [0, 1]; the map is not clamped) from
    /// <paramref name="composite"/> [N, 3, H, W] in [0, 1] and <paramref name="mask"/> [N, 1, H, W]:
    /// the backbone's map applied to each pixel. H and W must be multiples of 8.
    /// </summary>
    public Tensor Forward(Tensor composite, Tensor mask)
    {
        var squashed = backbone.Forward(composite, mask);
        var map = TensorScope.Consume(squashed, s => s * 2f - 1f);
        return TensorScope.Consume(map, m => PerPixelAffineMap.Apply(m, composite));
    }
}
