using Harmonia.Tensors;

namespace Harmonia.Models;

/// <summary>Mask handling shared by the models.</summary>
public static class MaskOps
{
    /// <summary>
    /// The mask at a feature map's size, by PyTorch's nearest rule, detached: the models never
    /// differentiate with respect to the mask.
    /// </summary>
    public static Tensor ResizeNearest(Tensor mask, int height, int width)
    {
        var m = mask.Detach();
        return m.Shape[2] == height && m.Shape[3] == width ? m : Functional.Interpolate(m, height, width, InterpolationMode.Nearest);
    }
}
