using Harmonia.NN;
using Harmonia.NN.Layers;
using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Models.Phnet;

/// <summary>
/// PHNet (Patch-based Normalization for Portrait Harmonization) as the authors' code builds
/// it: an InstanceNorm encoder, an SE block at the bottleneck boosted by the patch feature
/// extractor, and a decoder whose outer skips pass through patch normalizers. Input in [0, 1],
/// output through a sigmoid. Member names are the authors' state_dict keys.
/// </summary>
public sealed class PhnetNetwork : Module, IHarmonizationNetwork
{
    private readonly PatchHarmonizerBlock featureExtractor;
    private readonly ModuleList<Sequential> encoder;
    private readonly ModuleList<PatchNormalizer> normalizers;
    private readonly ModuleList<Sequential> decoder;
    private readonly ModuleList<SkipConnect> skip;
    private readonly SqueezeExcitation seBlock;
    private readonly int startLevel;

    /// <summary>Builds the network with PyTorch's default layer initialisation.</summary>
    public PhnetNetwork(PhnetConfig config)
    {
        config.Validate();
        Config = config;
        var enc = config.EncSizes;
        var dec = enc.Reverse().ToArray();
        startLevel = dec.Length - config.GridCounts.Length;

        featureExtractor = RegisterModule("feature_extractor", new PatchHarmonizerBlock(enc[0], config.GridCounts[1]));
        encoder = RegisterModule("encoder", new ModuleList<Sequential>(Enumerable.Range(0, 6).Select(i =>
            new Sequential(new Conv2d(enc[i], enc[i + 1], i % 2 == 0 ? 4 : 3, i % 2 == 0 ? 2 : 1, padding: 1), new InstanceNorm2d(enc[i + 1]), new ReLU()))));
        normalizers = RegisterModule("normalizers", new ModuleList<PatchNormalizer>(config.GridCounts.Select((count, i) =>
            new PatchNormalizer(dec[startLevel + i], count, config.InitWeights, config.InitValue))));
        decoder = RegisterModule("decoder", new ModuleList<Sequential>(Enumerable.Range(0, 6).Select(i => DecoderStep(i, dec, config.OutputChannels))));
        // One SkipConnect per level of the input too, although the last is never used: checkpoints carry it.
        skip = RegisterModule("skip", new ModuleList<SkipConnect>(dec.Select(c => new SkipConnect(c))));
        seBlock = RegisterModule("SE_block", new SqueezeExcitation(enc[6]));
    }

    /// <summary>The architecture settings.</summary>
    public PhnetConfig Config { get; }

    /// <summary>
    /// Decoder step i: transposed conv (3/1 on even steps, 4/2 on odd), then BatchNorm +
    /// LeakyReLU for the first three steps, LeakyReLU alone for the next two, nothing on the last,
    /// which has <paramref name="outputs"/> channels.
    /// </summary>
    private static Sequential DecoderStep(int i, int[] dec, int outputs)
    {
        int outChannels = i == 5 ? outputs : dec[i + 1];
        var convT = new ConvTranspose2d(dec[i], outChannels, i % 2 == 0 ? 3 : 4, i % 2 == 0 ? 1 : 2, padding: 1);
        Layer norm = i < 3 ? new BatchNorm2d(outChannels) : new Identity();
        Layer activation = i < 5 ? new LeakyReLU() : new Identity();
        return new Sequential(convT, norm, activation);
    }

    /// <summary>
    /// Predicts the harmonized image from <paramref name="composite"/> [N, 3, H, W] in [0, 1] and
    /// <paramref name="mask"/> [N, 1, H, W] in {0, 1}: [N, OutputChannels, H, W] through the sigmoid.
    /// H and W must be multiples of 8.
    /// </summary>
    public Tensor Forward(Tensor composite, Tensor mask)
    {
        if (composite.Rank != 4 || composite.Shape[2] % 8 != 0 || composite.Shape[3] % 8 != 0)
            throw new ArgumentException($"PHNet needs [N, C, H, W] with H and W multiples of 8, got {ShapeMath.Format(composite.Shape)}.");
        var foregroundPart = composite * mask;
        var backgroundPart = composite * (1f - mask);
        var harmonizedFeatures = featureExtractor.Forward(foregroundPart, backgroundPart, mask);
        TensorScope.Release(foregroundPart, backgroundPart);

        // Encoder outputs and the mask at each level: even steps halve the size, odd ones keep it.
        var skips = new Tensor[6];
        var masks = new Tensor[7];
        masks[0] = mask.Detach();
        var x = composite;
        for (int i = 0; i < 6; i++)
        {
            x = encoder[i].Forward(x);
            skips[i] = x;
            masks[i + 1] = i % 2 == 0 ? Interpolate(masks[i], 0.5, InterpolationMode.Nearest) : masks[i];
        }

        x = seBlock.Forward(x, harmonizedFeatures);
        TensorScope.Release(harmonizedFeatures);

        // Decoder step i uses the skip of encoder step 5 − i and the mask at that level.
        for (int i = 0; i < 6; i++)
        {
            var skipFeatures = i >= startLevel
                ? TensorScope.Consume(skips[5 - i], s => normalizers[i - startLevel].Forward(s, s, masks[6 - i]))
                : skips[5 - i];
            var joined = Cat([x, skipFeatures], 1);
            TensorScope.Release(x, skipFeatures);
            x = TensorScope.Consume(TensorScope.Consume(joined, skip[i].Forward), decoder[i].Forward);
        }
        return TensorScope.Consume(x, output => Sigmoid(output));
    }
}

/// <summary>PHNet's skip fusion: a bias-free 3×3 conv from 2C to C channels, then ReLU.</summary>
public sealed class SkipConnect : Layer
{
    private readonly Conv2d conv;

    /// <summary>Creates the fusion for <paramref name="channels"/> output channels.</summary>
    public SkipConnect(int channels) => conv = RegisterModule("rconv", new Conv2d(channels * 2, channels, 3, padding: 1, bias: false));

    /// <inheritdoc/>
    public override Tensor Forward(Tensor x) => TensorScope.Temporaries(() => Relu(conv.Forward(x)));
}

/// <summary>
/// PHNet's squeeze-and-excitation block: channel weights from the pooled features (reduction
/// 8), plus the auxiliary input's contribution: its spatial max, averaged over channels and
/// squashed by a sigmoid, scales another copy of the features.
/// </summary>
public sealed class SqueezeExcitation : Module
{
    private readonly Sequential fc;

    /// <summary>Creates the block for <paramref name="channels"/> channels.</summary>
    public SqueezeExcitation(int channels)
    {
        fc = RegisterModule("fc", new Sequential(new Linear(channels, channels / 8), new ReLU(), new Linear(channels / 8, channels), new Sigmoid()));
    }

    /// <summary>x·SE(x) + x·σ(mean_c(max_hw(aux))).</summary>
    public Tensor Forward(Tensor x, Tensor auxiliary)
    {
        int n = x.Shape[0], c = x.Shape[1];
        var channelWeights = fc.Forward(AdaptiveAvgPool2d(x, 1, 1).Reshape(n, c)).Reshape(n, c, 1, 1);
        var auxMax = Max(auxiliary.Reshape(n, auxiliary.Shape[1], -1), 2).Values;                    // [N, Caux]
        var auxWeight = Sigmoid(Mean(auxMax, [1], keepDim: true)).Reshape(n, 1, 1, 1);
        return x * channelWeights + x * auxWeight;
    }
}
