using Harmonia.Tensors;

namespace Harmonia.Models;

/// <summary>A network that predicts a harmonized image from a composite and its foreground mask, in its own value range.</summary>
public interface IHarmonizationNetwork
{
    /// <summary>Raw prediction [N, 3, H, W] from <paramref name="composite"/> [N, 3, H, W] and <paramref name="mask"/> [N, 1, H, W].</summary>
    Tensor Forward(Tensor composite, Tensor mask);
}
