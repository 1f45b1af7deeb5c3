using System.Text.Json;
using Harmonia.Evaluation.Metrics;
using Harmonia.Imaging;
using Harmonia.Imaging.Quality;

namespace Harmonia.Evaluation.Tests;

/// <summary>
/// Compares every metric with float64 values computed by tests/data/evaluation/make_metric_reference.py
/// (numpy/scipy; SSIM both by filter-then-crop and by valid 2-D convolution, plus skimage when it was installed).
/// </summary>
public class PythonReferenceTests
{
    public sealed record ReferenceCase(string Name, Image Prediction, Image Target, ForegroundMask Mask, JsonElement Expected)
    {
        public override string ToString() => Name;
    }

    private static readonly Lazy<IReadOnlyList<ReferenceCase>> Cases = new(LoadCases);

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (ReferenceCase c in Cases.Value) data.Add(c.Name);
        return data;
    }

    [Fact]
    public void ReferenceFileHasTheExpectedCases()
    {
        Assert.Equal(4, Cases.Value.Count);
        Assert.Contains(Cases.Value, c => c.Prediction.Channels == 1);
        Assert.Contains(Cases.Value, c => !c.Mask.IsBinary);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void SquaredErrorsMatch(string name)
    {
        ReferenceCase c = Find(name);
        Assert.Equal(Get(c, "foreground_ratio"), c.Mask.ForegroundRatio, 12);
        AssertClose(Get(c, "mse"), SquaredErrorMetrics.MeanSquaredError(c.Prediction, c.Target));
        AssertClose(Get(c, "fmse_standard"), SquaredErrorMetrics.ForegroundMeanSquaredError(c.Prediction, c.Target, c.Mask));
        AssertClose(Get(c, "fmse_squared_masked"),
            SquaredErrorMetrics.ForegroundMeanSquaredError(c.Prediction, c.Target, c.Mask, FmseVariant.SquaredMaskedError));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void PsnrConventionsMatch(string name)
    {
        ReferenceCase c = Find(name);
        ImageScores standard = HarmonizationMetrics.Evaluate(c.Prediction, c.Target, c.Mask);
        AssertClose(Get(c, "psnr_255"), standard.Psnr);
        AssertClose(Get(c, "fpsnr_255"), standard.Fpsnr);

        ImageScores phnet = HarmonizationMetrics.Evaluate(c.Prediction, c.Target, c.Mask, new MetricOptions(Peak: PsnrPeak.TargetMaximum));
        AssertClose(Get(c, "psnr_target_max"), phnet.Psnr);
        AssertClose(Get(c, "fpsnr_target_max"), phnet.Fpsnr);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void SsimMatches(string name)
    {
        ReferenceCase c = Find(name);
        double[] expectedPerChannel = c.Expected.GetProperty("ssim_per_channel").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double[] perChannel = StructuralSimilarity.ComputePerChannel(c.Prediction, c.Target);
        Assert.Equal(expectedPerChannel.Length, perChannel.Length);
        for (int i = 0; i < perChannel.Length; i++) Assert.Equal(expectedPerChannel[i], perChannel[i], 12);
        Assert.Equal(Get(c, "ssim"), StructuralSimilarity.Compute(c.Prediction, c.Target), 12);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void SsimMatchesSkimageWhenItWasAvailable(string name)
    {
        ReferenceCase c = Find(name);
        JsonElement skimage = c.Expected.GetProperty("ssim_skimage");
        // The generator records null when skimage was not installed; there is then nothing to compare.
        if (skimage.ValueKind == JsonValueKind.Null) return;
        Assert.Equal(skimage.GetDouble(), StructuralSimilarity.Compute(c.Prediction, c.Target), 12);
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)),
            $"expected {expected:R}, got {actual:R}");

    private static double Get(ReferenceCase c, string property) => c.Expected.GetProperty(property).GetDouble();

    private static ReferenceCase Find(string name) => Cases.Value.Single(c => c.Name == name);

    private static IReadOnlyList<ReferenceCase> LoadCases()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "data", "evaluation", "metric_reference.json");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        var cases = new List<ReferenceCase>();
        foreach (JsonElement c in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            int width = c.GetProperty("width").GetInt32(), height = c.GetProperty("height").GetInt32(), channels = c.GetProperty("channels").GetInt32();
            byte[] ReadBytes(string property) => c.GetProperty(property).EnumerateArray().Select(e => e.GetByte()).ToArray();
            float[] mask = c.GetProperty("mask").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
            cases.Add(new ReferenceCase(
                c.GetProperty("name").GetString()!,
                new Image(width, height, channels, ReadBytes("prediction")),
                new Image(width, height, channels, ReadBytes("target")),
                ForegroundMask.FromWeights(width, height, mask),
                c.GetProperty("expected").Clone()));
        }
        return cases;
    }
}
