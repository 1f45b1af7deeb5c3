using Harmonia.Models.Phnet;
using Harmonia.Onnx.Graph;

namespace Harmonia.Onnx.Export;

/// <summary>
/// PHNet's forward pass (evaluation mode: BatchNorm with running statistics) as ONNX nodes,
/// step for step as <see cref="PhnetNetwork.Forward"/> computes it, reading the weights by their
/// state_dict names. The patch statistics use <see cref="PatchGridMatrices"/>, so the patch
/// boundaries are fixed by the export size.
/// </summary>
internal sealed class PhnetGraph
{
    private const float InstanceNormEps = 1e-5f, BatchNormEps = 1e-5f, DecoderSlope = 0.01f;
    private const float TransferEps = 1e-8f, NormalizerEps = 1e-7f;
    private readonly OnnxGraphBuilder graph;
    private readonly NetworkWeights weights;
    private readonly PhnetConfig config;

    private PhnetGraph(OnnxGraphBuilder graph, NetworkWeights weights, PhnetConfig config)
    {
        this.graph = graph;
        this.weights = weights;
        this.config = config;
    }

    /// <summary>
    /// Adds the network to <paramref name="graph"/>: <paramref name="composite"/> [N, 3, H, W] in
    /// [0, 1] and the binary <paramref name="mask"/> [N, 1, H, W] give the sigmoid output in [0, 1].
    /// </summary>
    public static OnnxValue Add(OnnxGraphBuilder graph, NetworkWeights weights, PhnetConfig config, OnnxValue composite, OnnxValue mask, int height, int width)
        => new PhnetGraph(graph, weights, config).Forward(composite, mask, height, width);

    private OnnxValue Forward(OnnxValue composite, OnnxValue mask, int height, int width)
    {
        var enc = config.EncSizes;
        int startLevel = enc.Length - config.GridCounts.Length;

        OnnxValue features;
        using (graph.EnterScope("feature_extractor"))
        {
            var foregroundPart = graph.Mul(composite, mask);
            var backgroundPart = graph.Mul(composite, graph.OneMinus(mask));
            var transferred = PatchTransfer(foregroundPart, backgroundPart, mask, height, width);
            features = graph.Relu(graph.Conv(graph.Concat([foregroundPart, transferred], 1),
                weights["feature_extractor.head.0.weight"], weights["feature_extractor.head.0.bias"], 3, 1, 1));
        }

        // Level k holds masks[k]; even encoder steps halve the size (the mask by nearest, scale 0.5).
        var masks = new OnnxValue[7];
        var sizes = new (int Height, int Width)[7];
        masks[0] = mask;
        sizes[0] = (height, width);
        var skips = new OnnxValue[6];
        var x = composite;
        for (int i = 0; i < 6; i++)
        {
            using var _ = graph.EnterScope($"encoder.{i}");
            bool halves = i % 2 == 0;
            x = graph.Conv(x, weights[$"encoder.{i}.0.weight"], weights[$"encoder.{i}.0.bias"], halves ? 4 : 3, halves ? 2 : 1, 1);
            int channels = enc[i + 1];
            x = graph.Relu(graph.InstanceNorm(x, graph.Floats("ones", Enumerable.Repeat(1f, channels).ToArray(), channels), graph.Floats("zeros", new float[channels], channels), InstanceNormEps));
            skips[i] = x;
            var (h, w) = sizes[i];
            sizes[i + 1] = halves ? (h / 2, w / 2) : (h, w);
            masks[i + 1] = halves ? NearestResize.Apply(graph, masks[i], h, w, h / 2, w / 2, 0.5) : masks[i];
        }

        using (graph.EnterScope("SE_block")) x = SqueezeExcitation(x, features, enc[6]);

        for (int i = 0; i < 6; i++)
        {
            var skip = skips[5 - i];
            if (i >= startLevel)
            {
                int normalizer = i - startLevel;
                using var _ = graph.EnterScope($"normalizers.{normalizer}");
                var (h, w) = sizes[6 - i];
                skip = PatchNormalize(skip, masks[6 - i], $"normalizers.{normalizer}", config.GridCounts[normalizer], h, w);
            }
            using var __ = graph.EnterScope($"decoder.{i}");
            var mixed = graph.Relu(graph.Conv(graph.Concat([x, skip], 1), weights[$"skip.{i}.rconv.weight"], null, 3, 1, 1));
            bool keeps = i % 2 == 0;
            x = graph.ConvTranspose(mixed, weights[$"decoder.{i}.0.weight"], weights[$"decoder.{i}.0.bias"], keeps ? 3 : 4, keeps ? 1 : 2, 1);
            if (i < 3)
                x = graph.BatchNorm(x, weights[$"decoder.{i}.1.weight"], weights[$"decoder.{i}.1.bias"],
                    weights[$"decoder.{i}.1.running_mean"], weights[$"decoder.{i}.1.running_var"], BatchNormEps);
            if (i < 5) x = graph.LeakyRelu(x, DecoderSlope);
        }
        return graph.Sigmoid(x);
    }

    /// <summary>
    /// The patch feature extractor's colour transfer, blended over the background divided by 255
    /// as the authors' code does (see <see cref="PatchedHarmonizer.Forward"/>).
    /// </summary>
    private OnnxValue PatchTransfer(OnnxValue foreground, OnnxValue background, OnnxValue mask, int height, int width)
    {
        const string key = "feature_extractor.patch_harmonizer.grid_weights";
        var grid = new PatchGridMatrices(graph, config.GridCounts[1], height, width);
        var (fgGlobalMean, fgGlobalStd) = GlobalMeanStd(foreground, (long)height * width);
        var (bgGlobalMean, bgGlobalStd) = GlobalMeanStd(background, (long)height * width);
        var (fgMean, fgStd) = PatchMeanStd(grid, foreground);
        var (bgMean, bgStd) = PatchMeanStd(grid, background);

        var globallyMoved = graph.Add(graph.Mul(graph.Sub(foreground, fgGlobalMean), graph.Div(bgGlobalStd, graph.Add(fgGlobalStd, graph.Scalar(TransferEps)))), bgGlobalMean);
        var ratio = grid.Spread(graph.Div(bgStd, graph.Add(fgStd, graph.Scalar(TransferEps))));
        var locallyMoved = graph.Add(graph.Mul(graph.Sub(foreground, grid.Spread(fgMean)), ratio), grid.Spread(bgMean));
        var transferred = graph.Add(graph.Mul(weights.Element(key, 0), locallyMoved), graph.Mul(weights.Element(key, 1), globallyMoved));
        return graph.Add(graph.Mul(transferred, mask), graph.Mul(graph.Mul(background, graph.Scalar(1f / 255f)), graph.OneMinus(mask)));
    }

    /// <summary>Mean and unbiased standard deviation over H, W: [N, C, 1, 1].</summary>
    private (OnnxValue Mean, OnnxValue Std) GlobalMeanStd(OnnxValue x, long pixels)
    {
        var mean = graph.ReduceMean(x, [2, 3]);
        var deviation = graph.Sub(x, mean);
        var variance = graph.Div(graph.ReduceSum(graph.Mul(deviation, deviation), [2, 3]), graph.Scalar(pixels - 1));
        return (mean, graph.Sqrt(variance));
    }

    /// <summary>Mean and unbiased standard deviation of every patch: [N, C, g, g].</summary>
    private (OnnxValue Mean, OnnxValue Std) PatchMeanStd(PatchGridMatrices grid, OnnxValue x)
    {
        int g = grid.Count;
        var counts = graph.Floats("patch_pixels", grid.PixelCounts, g, g);
        var countsLessOne = graph.Floats("patch_pixels_less_one", grid.PixelCounts.Select(c => c - 1).ToArray(), g, g);
        var mean = graph.Div(grid.Sum(x), counts);
        var deviation = graph.Sub(x, grid.Spread(mean));
        var variance = graph.Div(grid.Sum(graph.Mul(deviation, deviation)), countsLessOne);
        return (mean, graph.Sqrt(variance));
    }

    /// <summary>A patch normalizer on a skip connection (<see cref="PatchNormalizer"/>), with the mask at the map's size.</summary>
    private OnnxValue PatchNormalize(OnnxValue x, OnnxValue mask, string prefix, int gridCount, int height, int width)
    {
        var backgroundMask = graph.OneMinus(mask);
        var grid = new PatchGridMatrices(graph, gridCount, height, width);
        var patchCounts = graph.Add(grid.Sum(backgroundMask), graph.Scalar(NormalizerEps));
        var patchBackMeans = graph.Div(grid.Sum(graph.Mul(x, backgroundMask)), patchCounts);
        var patchedBackMean = graph.ReduceSum(graph.Mul(patchBackMeans, weights[$"{prefix}.grid_weights"]), [2, 3]);

        var (bgMean, bgStd) = MaskedMeanStd(x, backgroundMask);
        var backgroundNormalized = graph.Add(graph.Mul(graph.Div(graph.Sub(x, bgMean), bgStd), weights[$"{prefix}.bg_var"]), weights[$"{prefix}.bg_bias"]);

        var (fgMean, fgStd) = MaskedMeanStd(x, mask);
        var whitened = graph.Div(graph.Sub(x, fgMean), fgStd);
        var rescaled = graph.Mul(whitened, bgStd);
        var globallyStyled = graph.Add(graph.Mul(graph.Add(rescaled, bgMean), weights[$"{prefix}.fg_var"]), weights[$"{prefix}.fg_bias"]);
        var patchStyled = graph.Add(graph.Mul(graph.Add(rescaled, patchedBackMean), weights[$"{prefix}.patched_fg_var"]), weights[$"{prefix}.patched_fg_bias"]);
        var foregroundResult = graph.Add(graph.Mul(weights.Element($"{prefix}.weights", 0), globallyStyled), graph.Mul(weights.Element($"{prefix}.weights", 1), patchStyled));
        return graph.Add(graph.Mul(foregroundResult, mask), graph.Mul(backgroundNormalized, backgroundMask));
    }

    /// <summary>Mean and std over H, W where <paramref name="region"/> is 1: Σ(x·m)/(Σm + ε), √(Σ((x − μ)·m)²/(Σm + ε) + ε).</summary>
    private (OnnxValue Mean, OnnxValue Std) MaskedMeanStd(OnnxValue x, OnnxValue region)
    {
        var count = graph.Add(graph.ReduceSum(region, [2, 3]), graph.Scalar(NormalizerEps));
        var mean = graph.Div(graph.ReduceSum(graph.Mul(x, region), [2, 3]), count);
        var deviation = graph.Mul(graph.Sub(x, mean), region);
        var variance = graph.Div(graph.ReduceSum(graph.Mul(deviation, deviation), [2, 3]), count);
        return (mean, graph.Sqrt(graph.Add(variance, graph.Scalar(NormalizerEps))));
    }

    /// <summary>x·SE(x) + x·σ(mean over channels of the spatial max of the feature extractor's output).</summary>
    private OnnxValue SqueezeExcitation(OnnxValue x, OnnxValue auxiliary, int channels)
    {
        var pooled = graph.Reshape(graph.GlobalAveragePool(x), 0, channels);
        var hidden = graph.Relu(graph.Linear(pooled, weights["SE_block.fc.0.weight"], weights["SE_block.fc.0.bias"]));
        var channelWeights = graph.Reshape(graph.Sigmoid(graph.Linear(hidden, weights["SE_block.fc.2.weight"], weights["SE_block.fc.2.bias"])), 0, channels, 1, 1);
        int auxChannels = config.EncSizes[0];
        var auxMax = graph.ReduceMax(graph.Reshape(auxiliary, 0, auxChannels, -1), [2], keepDims: false);
        var auxWeight = graph.Reshape(graph.Sigmoid(graph.ReduceMean(auxMax, [1])), 0, 1, 1, 1);
        return graph.Add(graph.Mul(x, channelWeights), graph.Mul(x, auxWeight));
    }
}
