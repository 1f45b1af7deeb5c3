using Harmonia.Onnx.Graph;
using Harmonia.Tensors.Kernels;

namespace Harmonia.Onnx.Export;

/// <summary>
/// Nearest-neighbour resizing of a mask in the graph, as two Gathers with the engine's own
/// source-index tables (<see cref="ResamplingKernels.AxisTaps.Nearest"/>), so the exported
/// model picks exactly the pixels Harmonia picks, whatever the runtime's Resize rounding.
/// </summary>
internal static class NearestResize
{
    /// <summary>
    /// <paramref name="mask"/> [N, C, <paramref name="inHeight"/>, <paramref name="inWidth"/>] at
    /// <paramref name="outHeight"/>×<paramref name="outWidth"/>; <paramref name="scaleFactor"/> as the
    /// engine's Interpolate takes it (null: the sizes decide).
    /// </summary>
    public static OnnxValue Apply(OnnxGraphBuilder graph, OnnxValue mask, int inHeight, int inWidth, int outHeight, int outWidth, double? scaleFactor = null)
    {
        if (inHeight == outHeight && inWidth == outWidth) return mask;
        var rows = ResamplingKernels.AxisTaps.Nearest(inHeight, outHeight, scaleFactor).Low;
        var columns = ResamplingKernels.AxisTaps.Nearest(inWidth, outWidth, scaleFactor).Low;
        var byRows = graph.Gather(mask, graph.Indices("mask_rows", rows.Select(i => (long)i).ToArray()), 2);
        return graph.Gather(byRows, graph.Indices("mask_columns", columns.Select(i => (long)i).ToArray()), 3);
    }
}
