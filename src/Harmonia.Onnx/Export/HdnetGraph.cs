using Harmonia.Models.Hdnet;
using Harmonia.Onnx.Graph;

namespace Harmonia.Onnx.Export;

/// <summary>
/// HDNet's forward pass (evaluation mode) as ONNX nodes, step for step as
/// <see cref="HdnetNetwork.Forward"/> computes it, reading the weights by their state_dict names.
/// </summary>
/// <remarks>
/// The Local Dynamic module builds the full P×P score matrix of the bottleneck's P positions and
/// takes its top-k with TopK, as the authors' code does; Harmonia streams it instead, with the
/// same result. RAIN and the Global Dynamic blocks are written from their composed definitions
/// (<see cref="Rain.ComposedForward"/>), which Harmonia's fused kernels are tested against.
/// </remarks>
internal sealed class HdnetGraph
{
    private const float EncoderSlope = 0.2f;
    private const float RainEps = 1e-5f;
    private readonly OnnxGraphBuilder graph;
    private readonly NetworkWeights weights;
    private readonly HdnetConfig config;
    private readonly OnnxValue mask;
    private readonly int height, width;
    private readonly Dictionary<(int, int), OnnxValue> masks = [];

    private HdnetGraph(OnnxGraphBuilder graph, NetworkWeights weights, HdnetConfig config, OnnxValue mask, int height, int width)
    {
        this.graph = graph;
        this.weights = weights;
        this.config = config;
        this.mask = mask;
        this.height = height;
        this.width = width;
    }

    /// <summary>
    /// Adds the network to <paramref name="graph"/>: <paramref name="composite"/> [N, 3, H, W] in
    /// [−1, 1] and the binary <paramref name="mask"/> [N, 1, H, W] give the tanh output in [−1, 1].
    /// </summary>
    public static OnnxValue Add(OnnxGraphBuilder graph, NetworkWeights weights, HdnetConfig config, OnnxValue composite, OnnxValue mask, int height, int width)
        => new HdnetGraph(graph, weights, config, mask, height, width).Forward(composite);

    private OnnxValue Forward(OnnxValue composite)
    {
        int g = config.Ngf;
        var encoderSteps = new (int Out, int Kernel, int Stride)[] { (g * 2, 4, 2), (g * 4, 3, 1), (g * 8, 4, 2), (g * 8, 3, 1), (g * 8, 4, 2), (g * 8, 3, 1) };
        var decoderSteps = new (string Name, int Kernel, int Stride)[] { ("72", 3, 1), ("8", 3, 1), ("9", 4, 2), ("10", 3, 1), ("11", 4, 2), ("12", 3, 1), ("13", 4, 2) };

        OnnxValue x;
        using (graph.EnterScope("model_layer0")) x = graph.Conv(composite, weights["model_layer0.weight"], null, 3, 1, 1);
        int h = height, w = width;

        // The skips are the activated encoder outputs (the authors' LeakyReLU works in place).
        var skips = new (OnnxValue Value, int Height, int Width)[7];
        for (int i = 0; i < encoderSteps.Length; i++)
        {
            var (channels, kernel, stride) = encoderSteps[i];
            using var _ = graph.EnterScope($"model_layer{i + 1}");
            skips[i] = (graph.LeakyRelu(x, EncoderSlope), h, w);
            x = graph.Conv(skips[i].Value, weights[$"model_layer{i + 1}.1.weight"], null, kernel, stride, 1);
            x = graph.InstanceNorm(x, graph.Floats("ones", Enumerable.Repeat(1f, channels).ToArray(), channels), graph.Floats("zeros", new float[channels], channels), 1e-5f);
            if (stride == 2) (h, w) = (h / 2, w / 2);
        }
        skips[6] = (graph.LeakyRelu(x, EncoderSlope), h, w);
        using (graph.EnterScope("model_layer71")) x = graph.Conv(skips[6].Value, weights["model_layer71.1.weight"], null, 3, 1, 1);
        using (graph.EnterScope("LD")) x = LocalDynamics(x, g * 8, h, w);

        for (int i = 0; i < decoderSteps.Length; i++)
        {
            var (name, kernel, stride) = decoderSteps[i];
            using var _ = graph.EnterScope($"model_layer{name}");
            x = graph.ConvTranspose(graph.Relu(x), weights[$"model_layer{name}.1.weight"], null, kernel, stride, 1);
            if (stride == 2) (h, w) = (h * 2, w * 2);
            x = Rain(x, $"model_layer{name}norm", h, w);
            x = graph.Concat([skips[6 - i].Value, x], 1);
            if (i >= 4) x = GlobalDynamics(x, $"model_layer{name}att", h, w);
        }
        using (graph.EnterScope("model_out"))
            return graph.Tanh(graph.ConvTranspose(graph.Relu(x), weights["model_out.1.weight"], weights["model_out.1.bias"], 3, 1, 1));
    }

    /// <summary>The mask at a feature map's size, PyTorch's nearest rule; made once per size.</summary>
    private OnnxValue MaskAt(int h, int w)
    {
        if (!masks.TryGetValue((h, w), out var resized))
        {
            using (graph.EnterScope($"mask_{h}x{w}")) resized = NearestResize.Apply(graph, mask, height, width, h, w);
            masks[(h, w)] = resized;
        }
        return resized;
    }

    /// <summary>RAIN: the background normalised by its own statistics, the foreground re-styled with the background's.</summary>
    private OnnxValue Rain(OnnxValue x, string prefix, int h, int w)
    {
        int channels = weights.Raw($"{prefix}.foreground_gamma").Numel;
        var m = MaskAt(h, w);
        var background = graph.OneMinus(m);
        var (meanBack, stdBack) = RegionMeanStd(x, background);
        var (meanFore, stdFore) = RegionMeanStd(x, m);

        var normalizedBack = graph.Div(graph.Sub(x, meanBack), stdBack);
        var styledBack = graph.Mul(Affine(normalizedBack, prefix, "background", channels), background);
        var restyled = graph.Add(graph.Mul(graph.Div(graph.Sub(x, meanFore), stdFore), stdBack), meanBack);
        var styledFore = graph.Mul(Affine(restyled, prefix, "foreground", channels), m);
        return graph.Add(styledFore, styledBack);
    }

    /// <summary>x·(1 + γ) + β of one region.</summary>
    private OnnxValue Affine(OnnxValue x, string prefix, string region, int channels)
        => graph.Add(
            graph.Mul(x, weights.Derived($"{prefix}.{region}_gamma", "one_plus", v => 1f + v, 1, channels, 1, 1)),
            weights.Reshaped($"{prefix}.{region}_beta", 1, channels, 1, 1));

    /// <summary>Mean and standard deviation over H, W of the pixels where <paramref name="region"/> is 1 (counts + ε, variance + ε).</summary>
    private (OnnxValue Mean, OnnxValue Std) RegionMeanStd(OnnxValue x, OnnxValue region)
    {
        var count = graph.Add(graph.ReduceSum(region, [2, 3]), graph.Scalar(RainEps));
        var mean = graph.Div(graph.ReduceSum(graph.Mul(x, region), [2, 3]), count);
        var deviation = graph.Mul(graph.Sub(x, mean), region);
        var variance = graph.Div(graph.ReduceSum(graph.Mul(deviation, deviation), [2, 3]), count);
        return (mean, graph.Sqrt(graph.Add(variance, graph.Scalar(RainEps))));
    }

    /// <summary>
    /// The Mask-aware Global Dynamic block: two C×C kernels predicted from the pooled map, each
    /// applied as a per-sample 1×1 convolution (a batched matrix product), blended by the mask.
    /// </summary>
    private OnnxValue GlobalDynamics(OnnxValue x, string prefix, int h, int w)
    {
        using var _ = graph.EnterScope(prefix);
        int channels = weights.Raw($"{prefix}.conv_kernel.1.weight").Shape[1];
        var pooled = graph.GlobalAveragePool(x);
        var hidden = graph.Sigmoid(graph.Conv(pooled, weights[$"{prefix}.conv_kernel.1.weight"], weights[$"{prefix}.conv_kernel.1.bias"], 1));
        var kernels = graph.Conv(hidden, weights[$"{prefix}.conv_kernel.3.weight"], weights[$"{prefix}.conv_kernel.3.bias"], 1, groups: 2);
        var responses = graph.MatMul(graph.Reshape(kernels, 0, 2 * channels, channels), graph.Reshape(x, 0, channels, (long)h * w));
        var maps = graph.Reshape(responses, 0, 2 * channels, h, w);
        var m = MaskAt(h, w);
        return graph.Add(graph.Mul(graph.Slice(maps, 1, 0, channels), m), graph.Mul(graph.Slice(maps, 1, channels, 2 * channels), graph.OneMinus(m)));
    }

    /// <summary>
    /// The Local Dynamic module: each position's top-k matches among the support features, mixed
    /// into a reference vector and fused with its own features; the background passes through.
    /// </summary>
    private OnnxValue LocalDynamics(OnnxValue x, int channels, int h, int w)
    {
        long positions = (long)h * w;
        int k = config.LdTopK;
        if (k > positions) throw new ArgumentException($"LD top-k {k} exceeds the {positions} positions of a {h}×{w} bottleneck; export at a larger size.");
        var m = MaskAt(h, w);
        var background = graph.OneMinus(m);
        var query = graph.Reshape(graph.Mul(x, m), 0, channels, positions);
        var support = graph.Reshape(graph.Mul(x, background), 0, channels, positions);

        OnnxValue q = query, s = support;
        if (config.LdSimilarity == LdSimilarity.Cosine) (q, s) = (L2Normalize(query), L2Normalize(support));
        var scores = graph.MatMul(graph.Transpose(q, 0, 2, 1), s);                                     // [N, P, P]
        if (config.LdSupport == LdSupport.BackgroundOnly)
        {
            // Foreground support positions can never win: their scores go to −1e30, as in Harmonia's dense path.
            var maskRow = graph.Reshape(m, 0, 1, positions);
            scores = graph.Add(scores, graph.Mul(maskRow, graph.Scalar(-1e30f)));
        }
        var (topScores, topIndex) = graph.TopK(scores, k, -1);                                         // [N, P, k]

        // The chosen support vectors, [N, C, P·k] query-major: the index is the same for every channel.
        var index = graph.Expand(graph.Reshape(topIndex, 0, 1, positions * k), 1, channels, 1);
        var chosen = graph.GatherElements(support, index, 2);
        OnnxValue reference;
        if (config.LdWeighting == LdWeighting.Code)
        {
            // The authors view the query-major [P, k] table as [k, P] and soft-max over positions.
            var mixing = graph.Softmax(graph.Reshape(topScores, 0, 1, k, positions), -1);
            reference = graph.ReduceSum(graph.Mul(mixing, graph.Reshape(chosen, 0, channels, k, positions)), [2], keepDims: false);
        }
        else
        {
            var mixing = graph.Reshape(graph.Softmax(topScores, -1), 0, 1, positions, k);
            reference = graph.ReduceSum(graph.Mul(mixing, graph.Reshape(chosen, 0, channels, positions, k)), [3], keepDims: false);
        }

        var fused = graph.Conv1x1(graph.Concat([reference, query], 1), weights["LD.linear.weight"], weights["LD.linear.bias"]);
        var fusedMap = graph.Reshape(fused, 0, channels, h, w);
        return graph.Add(graph.Mul(fusedMap, m), graph.Mul(x, background));
    }

    /// <summary>v / max(‖v‖₂ over channels, 1e-12).</summary>
    private OnnxValue L2Normalize(OnnxValue v)
        => graph.Div(v, graph.Max(graph.Sqrt(graph.ReduceSum(graph.Mul(v, v), [1])), graph.Scalar(1e-12f)));
}
