using System.Globalization;
using Harmonia.Models;
using Harmonia.Models.Hdnet;
using Harmonia.Models.HdnetAffine;
using Harmonia.Models.Phnet;
using Harmonia.Models.PhnetAffine;
using Harmonia.NN;
using Harmonia.Onnx.Graph;

namespace Harmonia.Onnx.Export;

/// <summary>
/// Exports a harmonization network with its weights as an ONNX model (operator set 17) that does
/// what <see cref="NetworkHarmonizer.Harmonize"/> does at one working size: it takes the composite
/// in [0, 1] and the mask, runs the network in its own value range, and blends the prediction into
/// the composite's background.
/// </summary>
/// <remarks>
/// Inputs: <c>composite</c> [N, 3, H, W] float RGB in [0, 1]; <c>mask</c> [N, 1, H, W] float,
/// binarized inside the model at 0.5 (&gt; 0.5 is foreground), as Harmonia binarizes mask images.
/// Outputs: <c>harmonized</c> [N, 3, H, W] in [0, 1], the composite with a harmonized foreground;
/// <c>prediction</c> [N, 3, H, W], the network's raw output before blending, in its own range
/// ([−1, 1] for HDNet, [0, 1] for PHNet). H and W are fixed at export time (PHNet's patch grids
/// and the mask pyramids depend on them); the batch size N is free.
/// </remarks>
public static class HarmonizerOnnxExport
{
    /// <summary>The ONNX operator set the exported graphs use.</summary>
    public const int OpsetVersion = 17;

    /// <summary>Metadata key holding the model spec JSON (the same as in Harmonia's safetensors files).</summary>
    public const string SpecMetadataKey = ModelCatalog.SpecMetadataKey;

    /// <summary>Metadata key holding the fixed input size, "HxW".</summary>
    public const string InputSizeMetadataKey = "harmonia.input_size";

    /// <summary>
    /// Builds the ONNX model of <paramref name="network"/> (built from <paramref name="spec"/>, with
    /// its weights loaded) for inputs of <paramref name="height"/>×<paramref name="width"/>, which must
    /// be positive multiples of 8. <paramref name="name"/> names the model in its description.
    /// </summary>
    public static OnnxModel Build(string name, ModelSpec spec, Module network, int height, int width)
    {
        if (height <= 0 || width <= 0 || height % 8 != 0 || width % 8 != 0)
            throw new ArgumentException($"the export size must be positive multiples of 8 (the networks halve the image three times), got {height}×{width}");
        var state = network.StateEntries().ToDictionary(e => e.Name, e => e.Tensor, StringComparer.Ordinal);
        var graph = new OnnxGraphBuilder();
        var weights = new NetworkWeights(graph, state);
        var image = new[] { OnnxDim.Dynamic("batch"), OnnxDim.Fixed(3), OnnxDim.Fixed(height), OnnxDim.Fixed(width) };
        var maskDims = new[] { OnnxDim.Dynamic("batch"), OnnxDim.Fixed(1), OnnxDim.Fixed(height), OnnxDim.Fixed(width) };

        var composite = graph.Input("composite", OnnxElementType.Float, image, "RGB composite, [N, 3, H, W], values in [0, 1]");
        var rawMask = graph.Input("mask", OnnxElementType.Float, maskDims, "foreground mask, [N, 1, H, W]; values > 0.5 are foreground");
        OnnxValue mask, prediction, prediction01;
        using (graph.EnterScope("input")) mask = graph.Binarize(rawMask, 0.5f);

        // [0, 1] ↔ [−1, 1]: HDNet's value range, and PHNet's sigmoid turned into an affine map.
        OnnxValue ToSymmetric(OnnxValue v) => graph.Sub(graph.Mul(v, graph.Scalar(2f)), graph.Scalar(1f));
        OnnxValue FromSymmetric(OnnxValue v) => graph.Mul(graph.Add(v, graph.Scalar(1f)), graph.Scalar(0.5f));

        // Each architecture that exports has its graph builder here, beside the others (the export
        // layer depends on the models, not the other way round).
        switch (spec.Config)
        {
            case HdnetConfig config:
            {
                if (config.InputChannels != 3 || config.OutputChannels != 3)
                    throw new ArgumentException($"only RGB-to-RGB HDNet exports (input_nc 3, output_nc 3), this one has {config.InputChannels} and {config.OutputChannels}");
                OnnxValue symmetric;
                using (graph.EnterScope("input")) symmetric = ToSymmetric(composite);
                prediction = HdnetGraph.Add(graph, weights, config, symmetric, mask, height, width);
                using (graph.EnterScope("output")) prediction01 = FromSymmetric(prediction);
                break;
            }
            case PhnetConfig config:
                if (config.OutputChannels != 3)
                    throw new ArgumentException($"only RGB PHNet exports (3 outputs), this one has {config.OutputChannels}");
                prediction = prediction01 = PhnetGraph.Add(graph, weights, config, composite, mask, height, width);
                break;
            case HdnetAffineConfig config:
            {
                // HDNet's body gives the map through its tanh, in [−1, 1]; it recolours the composite there.
                OnnxValue symmetric;
                using (graph.EnterScope("input")) symmetric = ToSymmetric(composite);
                var map = HdnetGraph.Add(graph, weights, config.Backbone, symmetric, mask, height, width);
                prediction = PerPixelAffineMapGraph.Apply(graph, map, symmetric);
                using (graph.EnterScope("output")) prediction01 = FromSymmetric(prediction);
                break;
            }
            case PhnetAffineConfig config:
            {
                // PHNet's body ends in a sigmoid s; the map is 2s − 1.
                var squashed = PhnetGraph.Add(graph, weights, config.Backbone, composite, mask, height, width);
                OnnxValue map;
                using (graph.EnterScope("colour_map")) map = ToSymmetric(squashed);
                prediction = prediction01 = PerPixelAffineMapGraph.Apply(graph, map, composite);
                break;
            }
            default:
                throw new ArgumentException($"cannot export architecture '{spec.Architecture.Name}' (ONNX export knows hdnet, hdnet-affine, phnet and phnet-affine)");
        }

        OnnxValue harmonized;
        using (graph.EnterScope("output"))
            harmonized = graph.Clip(graph.Add(graph.Mul(prediction01, mask), graph.Mul(composite, graph.OneMinus(mask))), 0f, 1f);
        string range = spec.UsesSymmetricRange ? "[-1, 1]" : "[0, 1]";
        graph.Output(harmonized, "harmonized", OnnxElementType.Float, image, "the composite with its foreground harmonized, [N, 3, H, W], values in [0, 1]");
        graph.Output(prediction, "prediction", OnnxElementType.Float, image, $"the network's raw output before blending, [N, 3, H, W], values in {range}");

        var description = string.Create(CultureInfo.InvariantCulture,
            $"Harmonia {name} ({spec.Architecture.Name}) at {height}x{width}. Inputs: composite [N,3,{height},{width}] RGB in [0,1]; " +
            $"mask [N,1,{height},{width}], > 0.5 is foreground. Outputs: harmonized [N,3,{height},{width}] in [0,1]; " +
            $"prediction, the raw network output in {range}.");
        var metadata = new Dictionary<string, string>
        {
            [SpecMetadataKey] = spec.ToJson(),
            [InputSizeMetadataKey] = string.Create(CultureInfo.InvariantCulture, $"{height}x{width}"),
        };
        return new OnnxModel(graph.Build($"harmonia_{spec.Architecture.Name}"), OpsetVersion, "harmonia", ProducerVersion, description, metadata);
    }

    private static string ProducerVersion =>
        typeof(HarmonizerOnnxExport).Assembly.GetName().Version?.ToString() ?? "0";
}
