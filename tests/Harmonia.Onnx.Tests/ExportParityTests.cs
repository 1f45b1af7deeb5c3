using Harmonia.Models;
using Harmonia.Models.Hdnet;
using Harmonia.Models.Phnet;
using Harmonia.NN;
using Harmonia.NN.Serialization;
using Harmonia.Onnx.Export;
using Harmonia.Onnx.Graph;
using Harmonia.Tensors;
using Harmonia.Tensors.Random;

namespace Harmonia.Onnx.Tests;

/// <summary>
/// Exported models run in ONNX Runtime against Harmonia's own inference on the same weights and
/// inputs: the harmonized image (<see cref="NetworkHarmonizer.Harmonize"/>) and the raw network
/// output must agree within 1e-4 everywhere.
/// </summary>
public class ExportParityTests
{
    private const double Tolerance = 1e-4;
    private static readonly int[] TinyPhnet = [3, 4, 8, 16, 32, 64, 128];

    public static TheoryData<string> Fixtures() => new("hdnet-ngf8", "hdnet-ngf4", "phnet-tiny", "phnet-ffhqh-tiny");

    /// <summary>
    /// The parity fixtures (weights drawn at O(1) scale so that outputs vary, batch of two with a
    /// rectangle and a disc mask) at their own sizes, 64² and 48². Besides Harmonia, the raw output
    /// is held against the authors' PyTorch output stored in the fixture: Harmonia is within 1e-4
    /// of it (ParityTests), so the export may be 2e-4 away.
    /// </summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void FixtureModelsMatchHarmonia(string fixture)
    {
        var spec = fixture switch
        {
            "hdnet-ngf8" => HdnetArchitecture.Instance.Spec(new HdnetConfig { Ngf = 8 }),
            "hdnet-ngf4" => HdnetArchitecture.Instance.Spec(new HdnetConfig { Ngf = 4 }),
            "phnet-tiny" => PhnetArchitecture.Instance.Spec(new PhnetConfig { EncSizes = TinyPhnet, GridCounts = [10, 5, 1] }),
            _ => PhnetArchitecture.Instance.Spec(new PhnetConfig { EncSizes = TinyPhnet, GridCounts = [4, 3, 2, 1] }),
        };
        var harmonizer = Load(fixture, spec);
        var io = SafeTensorsFile.Read(TestData.Path(Path.Combine("fixtures", fixture, "io.safetensors")));
        var composite = spec.UsesSymmetricRange ? (io["composite"] + 1f) * 0.5f : io["composite"];

        var prediction = CompareWithHarmonia(harmonizer, composite, io["mask"]);
        AssertClose(io["output_eval"], prediction, 2 * Tolerance, "ONNX output against the authors' PyTorch output");
    }

    /// <summary>
    /// The Local Dynamic module's options (top-k, cosine similarity, background-only support,
    /// per-position weighting) change no weight shapes, so the ngf-4 fixture's weights serve them
    /// all. Harmonia streams the top-k; the export builds the score matrix and uses TopK.
    /// </summary>
    [Theory]
    [InlineData(3, LdSimilarity.Dot, LdSupport.AllPositions, LdWeighting.Code)]
    [InlineData(2, LdSimilarity.Cosine, LdSupport.BackgroundOnly, LdWeighting.PerPosition)]
    [InlineData(1, LdSimilarity.Cosine, LdSupport.AllPositions, LdWeighting.Code)]
    [InlineData(4, LdSimilarity.Dot, LdSupport.BackgroundOnly, LdWeighting.Code)]
    public void HdnetLocalDynamicsOptionsMatchHarmonia(int topK, LdSimilarity similarity, LdSupport support, LdWeighting weighting)
    {
        var spec = HdnetArchitecture.Instance.Spec(new HdnetConfig { Ngf = 4, LdTopK = topK, LdSimilarity = similarity, LdSupport = support, LdWeighting = weighting });
        var harmonizer = Load("hdnet-ngf4", spec);
        var io = SafeTensorsFile.Read(TestData.Path(Path.Combine("fixtures", "hdnet-ngf4", "io.safetensors")));
        CompareWithHarmonia(harmonizer, (io["composite"] + 1f) * 0.5f, io["mask"]);
    }

    /// <summary>
    /// The committed weights of the presets that ship them, on a synthetic picture; HDNet-lite also at
    /// the working size 256, where its Local Dynamic module picks among 1,024 positions.
    /// </summary>
    [Theory]
    [InlineData("hdnet-lite", 64, 64)]
    [InlineData("phnet-lite", 64, 64)]
    [InlineData("hdnet-lite", 48, 80)]
    [InlineData("hdnet-lite", 256, 256)]
    public void BundledModelsMatchHarmonia(string preset, int height, int width)
    {
        var harmonizer = (NetworkHarmonizer)ModelCatalog.Load(preset, null, null, TestData.ModelsFolder);
        var (composite, mask) = Picture(2, height, width, seed: 7);
        CompareWithHarmonia(harmonizer, composite, mask);
    }

    /// <summary>The full-width presets that ship no weights, at their initial weights: the graph fits every width.</summary>
    [Theory]
    [InlineData("hdnet")]
    [InlineData("phnet")]
    public void FullWidthPresetsMatchHarmonia(string preset)
    {
        var spec = ModelCatalog.Find(preset).Spec!;
        var harmonizer = new NetworkHarmonizer(preset, spec, spec.Build());
        var (composite, mask) = Picture(1, 64, 64, seed: 3);
        CompareWithHarmonia(harmonizer, composite, mask);
    }

    /// <summary>
    /// Harmonia's affine colour heads: HDNet-lite-affine with its bundled weights, and PHNet-lite-affine
    /// at its initial weights (whose head is not zero, so the map does recolour).
    /// </summary>
    [Theory]
    [InlineData("hdnet-lite-affine", 64, 64)]
    [InlineData("hdnet-lite-affine", 48, 80)]
    [InlineData("phnet-lite-affine", 64, 64)]
    public void AffineHeadPresetsMatchHarmonia(string preset, int height, int width)
    {
        var found = ModelCatalog.Find(preset);
        var harmonizer = found.BundledWeights is null
            ? new NetworkHarmonizer(preset, found.Spec!, found.Spec!.Build())
            : (NetworkHarmonizer)ModelCatalog.Load(preset, null, null, TestData.ModelsFolder);
        var (composite, mask) = Picture(1, height, width, seed: 13);
        CompareWithHarmonia(harmonizer, composite, mask);
    }

    /// <summary>The model binarizes the mask at 0.5, as Harmonia does when it reads a mask image.</summary>
    [Fact]
    public void SoftMaskIsBinarizedAtOneHalf()
    {
        var harmonizer = Load("hdnet-ngf4", HdnetArchitecture.Instance.Spec(new HdnetConfig { Ngf = 4 }));
        var (composite, binary) = Picture(1, 48, 48, seed: 11);
        var random = new RandomGenerator(5);
        // Foreground pixels get values in (0.5, 1], background ones in [0, 0.5]: the same mask once binarized.
        var soft = Tensor.FromArray(binary.ToArray().Select(v => v > 0.5f ? 0.5001f + 0.4999f * random.NextFloat() : 0.5f * random.NextFloat()).ToArray(), binary.Shape);
        var model = HarmonizerOnnxExport.Build("ngf4", harmonizer.Spec, harmonizer.Network, 48, 48);
        using var session = OnnxRunner.Load(model);
        var (fromSoft, _) = OnnxRunner.Run(session, composite, soft);
        Tensor expected;
        using (Autograd.NoGrad()) expected = harmonizer.Harmonize(composite, binary);
        AssertClose(expected, fromSoft, Tolerance, "harmonized from a soft mask");
    }

    [Fact]
    public void ModelDescribesItself()
    {
        var harmonizer = Load("phnet-tiny", PhnetArchitecture.Instance.Spec(new PhnetConfig { EncSizes = TinyPhnet, GridCounts = [10, 5, 1] }));
        var model = HarmonizerOnnxExport.Build("phnet-tiny", harmonizer.Spec, harmonizer.Network, 64, 96);
        using var session = OnnxRunner.Load(model);
        var metadata = session.ModelMetadata;
        Assert.Equal("harmonia", metadata.ProducerName);
        Assert.Equal(harmonizer.Spec.ToJson(), metadata.CustomMetadataMap[HarmonizerOnnxExport.SpecMetadataKey]);
        Assert.Equal("64x96", metadata.CustomMetadataMap[HarmonizerOnnxExport.InputSizeMetadataKey]);
        Assert.Equal(new[] { "composite", "mask" }, session.InputMetadata.Keys.ToArray());
        Assert.Equal(new[] { -1, 3, 64, 96 }, session.InputMetadata["composite"].Dimensions);
        Assert.Equal(new[] { -1, 1, 64, 96 }, session.InputMetadata["mask"].Dimensions);
        Assert.Equal(new[] { "harmonized", "prediction" }, session.OutputMetadata.Keys.ToArray());

        // ModelProto starts with ir_version (field 1) = 8, and imports the default domain at version 17:
        // field 8, two bytes long, holding version (field 2) = 17.
        var bytes = OnnxModelWriter.ToBytes(model);
        Assert.Equal(new byte[] { 0x08, 0x08 }, bytes[..2]);
        Assert.Contains(Convert.ToHexString([0x42, 0x02, 0x10, 17]), Convert.ToHexString(bytes));
    }

    [Fact]
    public void SizesThatAreNotMultiplesOfEightAreRefused()
    {
        var spec = HdnetArchitecture.Instance.Spec(new HdnetConfig { Ngf = 4 });
        var error = Assert.Throws<ArgumentException>(() => HarmonizerOnnxExport.Build("ngf4", spec, spec.Build(), 60, 64));
        Assert.Contains("multiples of 8", error.Message);
    }

    [Fact]
    public void SizesTooSmallForTheNetworkAreRefusedWithTheReason()
    {
        var hdnet = HdnetArchitecture.Instance.Spec(new HdnetConfig { Ngf = 4, LdTopK = 3 });
        Assert.Contains("top-k 3 exceeds", Assert.Throws<ArgumentException>(() => HarmonizerOnnxExport.Build("ngf4", hdnet, hdnet.Build(), 8, 8)).Message);
        var phnet = PhnetArchitecture.Instance.Spec(new PhnetConfig { EncSizes = TinyPhnet, GridCounts = [10, 5, 1] });
        Assert.Contains("patch grid does not fit", Assert.Throws<ArgumentException>(() => HarmonizerOnnxExport.Build("tiny", phnet, phnet.Build(), 8, 8)).Message);
    }

    /// <summary>Exports, runs both sides, checks both outputs; returns ONNX Runtime's raw prediction.</summary>
    private static Tensor CompareWithHarmonia(NetworkHarmonizer harmonizer, Tensor composite01, Tensor mask)
    {
        int height = composite01.Shape[2], width = composite01.Shape[3];
        var model = HarmonizerOnnxExport.Build(harmonizer.Name, harmonizer.Spec, harmonizer.Network, height, width);
        using var session = OnnxRunner.Load(model);
        var (harmonized, prediction) = OnnxRunner.Run(session, composite01, mask);

        Tensor expectedHarmonized, expectedPrediction;
        using (Autograd.NoGrad())
        {
            expectedHarmonized = harmonizer.Harmonize(composite01, mask);
            var input = harmonizer.Spec.UsesSymmetricRange ? composite01 * 2f - 1f : composite01;
            expectedPrediction = ((IHarmonizationNetwork)harmonizer.Network).Forward(input, mask);
        }
        AssertClose(expectedPrediction, prediction, Tolerance, "raw network output");
        AssertClose(expectedHarmonized, harmonized, Tolerance, "harmonized image");
        return prediction;
    }

    private static NetworkHarmonizer Load(string fixture, ModelSpec spec)
    {
        var network = spec.Build();
        network.LoadStateDict(SafeTensorsFile.Read(TestData.Path(Path.Combine("fixtures", fixture, "weights.safetensors"))), fixture);
        return new NetworkHarmonizer(fixture, spec, network);
    }

    /// <summary>
    /// A smooth random picture in [0, 1] (sums of a few random waves per channel, so patch
    /// statistics differ) and a mask: a rectangle in sample 0, a disc in the others.
    /// </summary>
    private static (Tensor Composite, Tensor Mask) Picture(int batch, int height, int width, ulong seed)
    {
        var random = new RandomGenerator(seed);
        var pixels = new float[batch * 3 * height * width];
        var mask = new float[batch * height * width];
        for (int b = 0; b < batch; b++)
        {
            for (int c = 0; c < 3; c++)
            {
                double fy = random.NextUniform(0.05, 0.3), fx = random.NextUniform(0.05, 0.3), phase = random.NextUniform(0, 6), offset = random.NextUniform(0.3, 0.7);
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++)
                        pixels[((b * 3 + c) * height + y) * width + x] = (float)Math.Clamp(offset + 0.25 * Math.Sin(fy * y + fx * x + phase) + 0.05 * (random.NextDouble() - 0.5), 0, 1);
            }
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    bool inside = b == 0
                        ? y >= height / 4 && y < height * 3 / 4 && x >= width / 5 && x < width * 3 / 5
                        : Math.Pow(y - height / 2.0, 2) + Math.Pow(x - width / 2.0, 2) < Math.Pow(Math.Min(height, width) / 3.0, 2);
                    mask[(b * height + y) * width + x] = inside ? 1f : 0f;
                }
        }
        return (Tensor.FromArray(pixels, batch, 3, height, width), Tensor.FromArray(mask, batch, 1, height, width));
    }

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var e = expected.ToArray();
        var a = actual.ToArray();
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < e.Length; i++)
        {
            double difference = Math.Abs((double)e[i] - a[i]);
            if (!(difference <= worst)) { worst = difference; worstAt = i; }
        }
        Assert.True(worst <= tolerance, $"{what}: max abs error {worst:E3} at element {worstAt} (expected {e[worstAt]}, got {a[worstAt]}), tolerance {tolerance:E1}");
    }
}
