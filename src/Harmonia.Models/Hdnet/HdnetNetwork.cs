using Harmonia.NN;
using Harmonia.NN.Layers;
using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Models.Hdnet;

/// <summary>
/// HDNet (Hierarchical Dynamic Image Harmonization, ACM MM 2023) as the authors' code builds
/// it: a U-Net whose encoder uses InstanceNorm, whose bottleneck holds the Local Dynamic
/// module, and whose decoder uses RAIN with three Mask-aware Global Dynamic blocks. Input and
/// output are in [−1, 1]; the output passes through tanh. Member names are the authors'
/// state_dict keys.
/// </summary>
public sealed class HdnetNetwork : Module, IHarmonizationNetwork
{
    private const float EncoderSlope = 0.2f;
    private readonly ActivatedConv[] encoder;     // model_layer1 … model_layer6
    private readonly InstanceNorm2d[] encoderNorms;
    private readonly ActivatedConv layer71;
    private readonly ActivatedConv[] decoder;     // model_layer72, 8, 9, 10, 11, 12, 13
    private readonly Rain[] decoderNorms;
    private readonly DRConv2d[] globalDynamics;   // after decoder steps 11, 12, 13
    private readonly Conv2d layer0;
    private readonly ActivatedConv output;
    private readonly LocalDynamics localDynamics;

    /// <summary>Builds the network; weights start as PyTorch's layer defaults (see <see cref="HdnetInit"/> for the authors' init).</summary>
    public HdnetNetwork(HdnetConfig config)
    {
        config.Validate();
        Config = config;
        int g = config.Ngf;
        layer0 = RegisterModule("model_layer0", new Conv2d(config.InputChannels, g, 3, padding: 1, bias: false));

        // Encoder: (width, kernel, stride) per step; 4/2 halves the size, 3/1 keeps it.
        var encoderSteps = new (int In, int Out, int Kernel, int Stride)[]
        {
            (g, g * 2, 4, 2), (g * 2, g * 4, 3, 1), (g * 4, g * 8, 4, 2), (g * 8, g * 8, 3, 1), (g * 8, g * 8, 4, 2), (g * 8, g * 8, 3, 1),
        };
        encoder = new ActivatedConv[encoderSteps.Length];
        encoderNorms = new InstanceNorm2d[encoderSteps.Length];
        for (int i = 0; i < encoderSteps.Length; i++)
        {
            var (cin, cout, k, s) = encoderSteps[i];
            encoder[i] = RegisterModule($"model_layer{i + 1}", ActivatedConv.Encoder(cin, cout, k, s));
            encoderNorms[i] = RegisterModule($"model_layer{i + 1}norm", new InstanceNorm2d(cout));
        }

        layer71 = RegisterModule("model_layer71", ActivatedConv.Encoder(g * 8, g * 8, 3, 1));

        // Decoder: (name, in, out, kernel, stride); each input is the previous output concatenated with a skip.
        var decoderSteps = new (string Name, int In, int Out, int Kernel, int Stride)[]
        {
            ("72", g * 8, g * 8, 3, 1), ("8", g * 16, g * 8, 3, 1), ("9", g * 16, g * 8, 4, 2), ("10", g * 16, g * 8, 3, 1),
            ("11", g * 16, g * 4, 4, 2), ("12", g * 8, g * 2, 3, 1), ("13", g * 4, g, 4, 2),
        };
        decoder = new ActivatedConv[decoderSteps.Length];
        decoderNorms = new Rain[decoderSteps.Length];
        globalDynamics = new DRConv2d[3];
        for (int i = 0; i < decoderSteps.Length; i++)
        {
            var (name, cin, cout, k, s) = decoderSteps[i];
            decoder[i] = RegisterModule($"model_layer{name}", ActivatedConv.Decoder(cin, cout, k, s, bias: false));
            decoderNorms[i] = RegisterModule($"model_layer{name}norm", new Rain(cout));
            if (i >= 4) globalDynamics[i - 4] = RegisterModule($"model_layer{name}att", new DRConv2d(cout * 2));
        }

        output = RegisterModule("model_out", new ActivatedConv(new ReLU(), new ConvTranspose2d(g * 2, config.OutputChannels, 3, padding: 1), new Tanh()));
        localDynamics = RegisterModule("LD", new LocalDynamics(g * 8, config));
    }

    /// <summary>The architecture settings.</summary>
    public HdnetConfig Config { get; }

    /// <summary>
    /// Predicts the harmonized image from <paramref name="composite"/> [N, 3, H, W] in [−1, 1] and
    /// <paramref name="mask"/> [N, 1, H, W] in {0, 1}. H and W must be multiples of 8.
    /// </summary>
    public Tensor Forward(Tensor composite, Tensor mask)
    {
        if (composite.Rank != 4 || composite.Shape[2] % 8 != 0 || composite.Shape[3] % 8 != 0)
            throw new ArgumentException($"HDNet needs [N, C, H, W] with H and W multiples of 8, got {ShapeMath.Format(composite.Shape)}.");

        // The authors' blocks activate their input in place, so the skip each encoder step leaves
        // for the decoder is its activated output (ActivatedConv.ForwardConsuming hands it back).
        var skips = new Tensor[7];
        var x = layer0.Forward(composite);
        for (int i = 0; i < encoder.Length; i++)
            x = TensorScope.Consume(encoder[i].ForwardConsuming(x, out skips[i]), encoderNorms[i].Forward);
        x = TensorScope.Consume(layer71.ForwardConsuming(x, out skips[6]), bottleneck => localDynamics.Forward(bottleneck, mask));

        for (int i = 0; i < decoder.Length; i++)
        {
            var normalized = TensorScope.Consume(decoder[i].ForwardConsuming(x), upsampled => decoderNorms[i].Forward(upsampled, mask));
            x = Cat([skips[6 - i], normalized], 1);
            TensorScope.Release(skips[6 - i], normalized);
            if (i >= 4) x = TensorScope.Consume(x, joined => globalDynamics[i - 4].Forward(joined, mask));
        }
        return output.ForwardConsuming(x);
    }
}

/// <summary>
/// An activation followed by a convolution (and optionally a final activation), the
/// <c>nn.Sequential(act, conv)</c> blocks of the authors' code, so the convolution's weights
/// are named <c>&lt;block&gt;.1.weight</c>.
/// </summary>
public sealed class ActivatedConv : Sequential
{
    /// <summary>Chains the given layers; the convolution must be the second.</summary>
    public ActivatedConv(params Layer[] layers) : base(layers) { }

    /// <summary>
    /// The block on an input it consumes, as the authors' in-place activations do: their activation
    /// overwrites the input, which is dead from then on. In inference the input's buffer goes back to
    /// the pool once activated, and the activation's once convolved. The output equals
    /// <see cref="Sequential.Forward"/>'s.
    /// </summary>
    public Tensor ForwardConsuming(Tensor x) => Consuming(x, keepActivation: false, out _);

    /// <summary>
    /// As <see cref="ForwardConsuming(Tensor)"/>, but the activated input survives and is returned in
    /// <paramref name="activated"/>: what the authors' code keeps in the input's variable, and so what
    /// HDNet's encoder passes on as a skip.
    /// </summary>
    public Tensor ForwardConsuming(Tensor x, out Tensor activated) => Consuming(x, keepActivation: true, out activated);

    private Tensor Consuming(Tensor x, bool keepActivation, out Tensor activated)
    {
        activated = this[0].Forward(x);
        TensorScope.Release(x);
        var y = this[1].Forward(activated);
        if (!keepActivation) TensorScope.Release(activated);
        for (int i = 2; i < Count; i++)
        {
            var next = this[i].Forward(y);
            TensorScope.Release(y);
            y = next;
        }
        return y;
    }

    /// <summary>LeakyReLU(0.2) then a bias-free convolution with padding 1.</summary>
    public static ActivatedConv Encoder(int cin, int cout, int kernel, int stride)
        => new(new LeakyReLU(0.2f), new Conv2d(cin, cout, kernel, stride, padding: 1, bias: false));

    /// <summary>ReLU then a transposed convolution with padding 1.</summary>
    public static ActivatedConv Decoder(int cin, int cout, int kernel, int stride, bool bias)
        => new(new ReLU(), new ConvTranspose2d(cin, cout, kernel, stride, padding: 1, bias: bias));
}
