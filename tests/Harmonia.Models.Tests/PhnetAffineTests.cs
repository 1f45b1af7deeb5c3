using Harmonia.Models.Phnet;
using Harmonia.Models.PhnetAffine;
using Harmonia.NN.Serialization;
using Harmonia.Tensors;

namespace Harmonia.Models.Tests;

/// <summary>Harmonia's PHNet with an affine colour head: starting from PHNet weights, its preset, and its gradient reaching the body.</summary>
public class PhnetAffineTests
{
    private static readonly PhnetConfig SmallBody = new() { EncSizes = [3, 4, 4, 8, 8, 8, 8], GridCounts = [2, 1] };

    private static Tensor HalfMask(int size)
        => Tensor.FromArray(Enumerable.Range(0, size * size).Select(p => p % size < size / 2 ? 1f : 0f).ToArray(), 1, 1, size, size);

    [Fact]
    public void Started_from_PHNet_weights_it_is_the_identity_and_keeps_every_other_tensor()
    {
        var phnetWeights = new PhnetNetwork(SmallBody).ToStateDict();
        var config = new PhnetAffineConfig { Backbone = SmallBody with { OutputChannels = PerPixelAffineMap.Parameters } };
        var spec = PhnetAffineArchitecture.Instance.Spec(config);
        var network = (PhnetAffineNetwork)spec.Build();

        var start = spec.Architecture.StartingWeights(phnetWeights, config);
        network.LoadStateDict(start, "phnet");

        var loaded = network.ToStateDict();
        Assert.Equal(phnetWeights.Keys, loaded.Keys);
        foreach (var name in phnetWeights.Keys.Where(k => !k.StartsWith("decoder.5.0.", StringComparison.Ordinal)))
            Assert.Equal(phnetWeights[name].Data, loaded[name].Data);
        Assert.Equal([4, 12, 4, 4], loaded["decoder.5.0.weight"].Shape.ToArray());
        Assert.All(loaded["decoder.5.0.weight"].Data, v => Assert.Equal(0f, v));
        Assert.All(loaded["decoder.5.0.bias"].Data, v => Assert.Equal(0f, v));

        var composite = TestData.Uniform(4, 0.5f, 1, 3, 16, 16) + 0.5f;
        network.Eval();
        using (Autograd.NoGrad())
        {
            var output = network.Forward(composite, HalfMask(16)).Data;
            for (int i = 0; i < output.Length; i++) Assert.Equal(composite.Data[i], output[i], 1e-6f);
        }
        Assert.Same(loaded, spec.Architecture.StartingWeights(loaded, config));
    }

    [Fact]
    public void A_loss_on_its_output_reaches_the_head_and_the_body()
    {
        var spec = PhnetAffineArchitecture.Instance.Spec(new PhnetAffineConfig { Backbone = SmallBody with { OutputChannels = PerPixelAffineMap.Parameters } });
        var network = (PhnetAffineNetwork)spec.Build();
        var composite = TestData.Uniform(6, 0.5f, 2, 3, 16, 16) + 0.5f;
        var mask = Functional.Cat([HalfMask(16), HalfMask(16)], 0);

        var output = network.Forward(composite, mask);
        Functional.Mean(output * output).Backward();

        var gradients = network.NamedParameters().ToDictionary(p => p.Name, p => p.Tensor.Grad);
        Assert.Contains(gradients["decoder.5.0.weight"]!.Data, v => v != 0f);
        Assert.Contains(gradients["encoder.0.0.weight"]!.Data, v => v != 0f);
    }

    [Fact]
    public void The_preset_builds_lite_is_recognised_and_runs_through_the_harmonizer()
    {
        var preset = ModelCatalog.Find("phnet-lite-affine");
        Assert.Equal("phnet-lite-affine.safetensors", preset.BundledWeights);
        Assert.Equal("{\"architecture\":\"phnet-affine\",\"enc_sizes\":[3,8,16,32,64,128,256],\"grid_counts\":[10,5,1],\"init_weights\":[0.5,0.5],\"init_value\":0.8}", preset.Spec!.ToJson());
        var network = preset.Spec.Build();
        // PHNet-lite's parameters with a head four times as wide: 12 instead of 3 outputs of a 4×4 transposed convolution from 8 channels.
        long phnetLite = PhnetArchitecture.Instance.Spec(PhnetConfig.Lite).Build().ParameterCount();
        Assert.Equal(phnetLite + 9 * 8 * 16 + 9, network.ParameterCount());

        var weights = new StateDict();
        foreach (var (name, tensor) in network.ToStateDict()) weights.Add(name, tensor);
        Assert.Equal(preset.Spec.ToJson(), ModelCatalog.RecognizeSpec(weights)!.ToJson());
        Assert.Null(PhnetArchitecture.Instance.Recognize(weights));

        var harmonizer = new NetworkHarmonizer("phnet-lite-affine", preset.Spec, network);
        var composite = TestData.Uniform(5, 0.5f, 1, 3, 32, 32) + 0.5f;
        var result = harmonizer.Harmonize(composite, HalfMask(32));
        Assert.Equal(composite.Shape.ToArray(), result.Shape.ToArray());
        Assert.All(result.Data, v => Assert.InRange(v, 0f, 1f));
    }
}
