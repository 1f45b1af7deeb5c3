using Harmonia.Models.Hdnet;
using Harmonia.Models.HdnetAffine;
using Harmonia.NN.Serialization;
using Harmonia.Tensors;

namespace Harmonia.Models.Tests;

/// <summary>Harmonia's HDNet with an affine colour head: the map, its gradient, and starting from HDNet weights.</summary>
public class HdnetAffineTests
{
    [Fact]
    public void The_colour_map_and_its_gradient_match_the_per_pixel_formula()
    {
        const int n = 2, h = 3, w = 4, plane = h * w;
        var map = TestData.Uniform(1, 0.5f, n, 12, h, w);
        var colour = TestData.Uniform(2, 1f, n, 3, h, w);
        var probe = TestData.Uniform(3, 1f, n, 3, h, w);
        map.RequiresGrad = true;
        colour.RequiresGrad = true;

        var output = PerPixelAffineMap.Apply(map, colour);
        Functional.Sum(output * probe).Backward();

        float M(int b, int p, int q) => map.Data[(b * 12 + p) * plane + q];
        float C(int b, int j, int q) => colour.Data[(b * 3 + j) * plane + q];
        float G(int b, int k, int q) => probe.Data[(b * 3 + k) * plane + q];
        for (int b = 0; b < n; b++)
            for (int q = 0; q < plane; q++)
                for (int k = 0; k < 3; k++)
                {
                    double expected = C(b, k, q) + M(b, 9 + k, q);
                    double colourGradient = G(b, k, q);
                    for (int j = 0; j < 3; j++)
                    {
                        expected += M(b, 3 * k + j, q) * C(b, j, q);
                        colourGradient += G(b, j, q) * M(b, 3 * j + k, q);            // ∂/∂c_k of Σ_j g_j·out_j
                        Assert.Equal(G(b, k, q) * C(b, j, q), map.Grad!.Data[(b * 12 + 3 * k + j) * plane + q], 1e-5f);
                    }
                    Assert.Equal(expected, output.Data[(b * 3 + k) * plane + q], 1e-5);
                    Assert.Equal(G(b, k, q), map.Grad!.Data[(b * 12 + 9 + k) * plane + q], 1e-6f);
                    Assert.Equal(colourGradient, colour.Grad!.Data[(b * 3 + k) * plane + q], 1e-5);
                }
    }

    [Fact]
    public void Started_from_HDNet_weights_it_is_the_identity_and_keeps_every_other_tensor()
    {
        var hdnet = new HdnetNetwork(HdnetConfig.Lite with { Ngf = 4 });
        var hdnetWeights = hdnet.ToStateDict();
        var config = new HdnetAffineConfig { Backbone = HdnetConfig.Lite with { Ngf = 4, OutputChannels = HdnetAffineConfig.MapParameters } };
        var spec = HdnetAffineArchitecture.Instance.Spec(config);
        var network = (HdnetAffineNetwork)spec.Build();

        var start = spec.Architecture.StartingWeights(hdnetWeights, config);
        network.LoadStateDict(start, "hdnet");

        var loaded = network.ToStateDict();
        Assert.Equal(hdnetWeights.Keys, loaded.Keys);
        foreach (var name in hdnetWeights.Keys.Where(k => !k.StartsWith("model_out.", StringComparison.Ordinal)))
            Assert.Equal(hdnetWeights[name].Data, loaded[name].Data);
        Assert.All(loaded["model_out.1.weight"].Data, v => Assert.Equal(0f, v));
        var composite = TestData.Uniform(4, 1f, 1, 3, 16, 16);
        var mask = Tensor.FromArray(Enumerable.Range(0, 256).Select(p => p % 16 < 8 ? 1f : 0f).ToArray(), 1, 1, 16, 16);
        network.Eval();
        using (Autograd.NoGrad())
        {
            var output = network.Forward(composite, mask).Data;
            for (int i = 0; i < output.Length; i++) Assert.Equal(composite.Data[i], output[i], 1e-6f); // float rounding of the zero terms
        }
        // Its own weights are taken as they are.
        Assert.Same(loaded, spec.Architecture.StartingWeights(loaded, config));
    }

    [Fact]
    public void The_preset_is_listed_builds_lite_and_runs_through_the_harmonizer()
    {
        var preset = ModelCatalog.Find("hdnet-lite-affine");
        Assert.Equal("hdnet-lite-affine.safetensors", preset.BundledWeights);
        Assert.Equal("{\"architecture\":\"hdnet-affine\",\"ngf\":8,\"ld_topk\":1,\"ld_similarity\":\"dot\",\"ld_support\":\"all\",\"ld_weighting\":\"code\"}", preset.Spec!.ToJson());
        var network = preset.Spec.Build();
        // HDNet-lite's parameters with a head four times as wide: 12 instead of 3 outputs of a 3×3 transposed convolution from 16 channels.
        long hdnetLite = HdnetArchitecture.Instance.Spec(HdnetConfig.Lite).Build().ParameterCount();
        Assert.Equal(hdnetLite + 9 * 16 * 9 + 9, network.ParameterCount());

        var weights = new StateDict();
        foreach (var (name, tensor) in network.ToStateDict()) weights.Add(name, tensor);
        Assert.Equal(preset.Spec.ToJson(), ModelCatalog.RecognizeSpec(weights)!.ToJson());
        var harmonizer = new NetworkHarmonizer("hdnet-lite-affine", preset.Spec, network);
        var composite = TestData.Uniform(5, 0.5f, 1, 3, 16, 16) + 0.5f;
        var mask = Tensor.FromArray(Enumerable.Range(0, 256).Select(p => p / 16 < 8 ? 1f : 0f).ToArray(), 1, 1, 16, 16);
        var result = harmonizer.Harmonize(composite, mask);
        Assert.Equal(composite.Shape.ToArray(), result.Shape.ToArray());
        Assert.All(result.Data, v => Assert.InRange(v, 0f, 1f));
    }
}
