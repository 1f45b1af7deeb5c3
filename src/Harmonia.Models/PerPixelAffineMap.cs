using Harmonia.NN.Serialization;
using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Models;

/// <summary>
/// A colour transform per pixel, the output of Harmonia's affine heads (the idea of PCT-Net): 12
/// numbers P per pixel define <c>out_k = c_k + Σ_j P[3k + j]·c_j + P[9 + k]</c> of that pixel's colour
/// c. A head of zeros is the identity, and the result can only recolour the composite's own pixels,
/// so it cannot paint texture.
/// </summary>
public static class PerPixelAffineMap
{
    /// <summary>Parameters of the map per pixel: a 3×3 matrix (added to the identity) and an offset.</summary>
    public const int Parameters = 12;

    /// <summary>
    /// Applies <paramref name="map"/> [N, 12, H, W] to <paramref name="colour"/> [N, 3, H, W]; composed
    /// of autograd ops, so its backward is theirs.
    /// </summary>
    public static Tensor Apply(Tensor map, Tensor colour) => TensorScope.Temporaries(() =>
    {
        var channels = new Tensor[3];
        for (int k = 0; k < 3; k++)
        {
            var mixed = Narrow(map, 1, 3 * k, 3) * colour;                       // [N, 3, H, W]: row k times c
            channels[k] = Narrow(colour, 1, k, 1) + Sum(mixed, [1], keepDim: true) + Narrow(map, 1, 9 + k, 1);
        }
        return Cat(channels, 1);
    });

    /// <summary>
    /// Starting weights for an affine head from a checkpoint of the same body with an RGB head: every
    /// tensor is kept and the head (<paramref name="headWeight"/> [in, 3, k, k] of a transposed
    /// convolution, and <paramref name="headBias"/>) becomes zeros of 12 outputs, so training starts
    /// from the identity map with the body's features. Weights whose head is not RGB are returned as they are.
    /// </summary>
    public static StateDict WithZeroedHead(StateDict weights, string headWeight, string headBias)
    {
        if (!weights.TryGetValue(headWeight, out var head) || head.Rank != 4 || head.Shape[1] != 3) return weights;
        var adapted = new StateDict();
        foreach (var (name, tensor) in weights)
        {
            if (name == headWeight)
                adapted.Add(name, Tensor.Zeros(head.Shape[0], Parameters, head.Shape[2], head.Shape[3]));
            else if (name == headBias)
                adapted.Add(name, Tensor.Zeros(Parameters));
            else
                adapted.Add(name, tensor);
        }
        return adapted;
    }
}
