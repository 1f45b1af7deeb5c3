using Harmonia.Models;
using Harmonia.Onnx.Graph;

namespace Harmonia.Onnx.Export;

/// <summary>The graph of <see cref="PerPixelAffineMap.Apply"/>, the output step of Harmonia's affine colour heads.</summary>
internal static class PerPixelAffineMapGraph
{
    /// <summary>
    /// <c>out_k = c_k + Σ_j map[3k + j]·c_j + map[9 + k]</c> for <paramref name="map"/> [N, 12, H, W]
    /// and <paramref name="colour"/> [N, 3, H, W], in the same order of operations as Harmonia's.
    /// </summary>
    public static OnnxValue Apply(OnnxGraphBuilder graph, OnnxValue map, OnnxValue colour)
    {
        using var _ = graph.EnterScope("colour_map");
        var channels = new OnnxValue[3];
        for (int k = 0; k < 3; k++)
        {
            var mixed = graph.ReduceSum(graph.Mul(graph.Slice(map, 1, 3 * k, 3 * k + 3), colour), [1]);
            channels[k] = graph.Add(graph.Add(graph.Slice(colour, 1, k, k + 1), mixed), graph.Slice(map, 1, 9 + k, 10 + k));
        }
        return graph.Concat(channels, 1);
    }
}
