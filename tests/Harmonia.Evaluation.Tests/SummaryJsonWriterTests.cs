using System.Text.Json;
using Harmonia.Evaluation.Reports;

namespace Harmonia.Evaluation.Tests;

public class SummaryJsonWriterTests
{
    private static readonly string[] MetricKeys = ["count", "mse", "fmse", "psnr", "fpsnr", "ssim"];

    private static EvaluationSummary Sample() => EvaluationAggregator.Summarize(
    [
        new ImageRecord("HCOCO", "a", 0.02, 1.0, 10.0, 40.0, 30.0, 0.99),
        new ImageRecord("HCOCO", "b", 0.02, 2.0, 20.0, 38.0, 28.0, 0.98),
        new ImageRecord("HCOCO", "c", 0.5, 1.0, 30.0, 41.0, 29.0, 0.97),
        new ImageRecord("Hday2night", "perfect", 0.4, 0.0, 0.0, double.PositiveInfinity, double.PositiveInfinity, 1.0),
    ]);

    [Fact]
    public void ShapeIsExactlyTheDocumentedOne()
    {
        using JsonDocument doc = JsonDocument.Parse(SummaryJsonWriter.Serialize(Sample()));
        JsonElement root = doc.RootElement;
        Assert.Equal(["subsets", "all", "buckets"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["HCOCO", "Hday2night"], root.GetProperty("subsets").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["0-5%", "5-15%", "15-100%"], root.GetProperty("buckets").EnumerateObject().Select(p => p.Name));

        IEnumerable<JsonElement> metricObjects = root.GetProperty("subsets").EnumerateObject().Select(p => p.Value)
            .Concat(root.GetProperty("buckets").EnumerateObject().Select(p => p.Value))
            .Append(root.GetProperty("all"));
        foreach (JsonElement metrics in metricObjects)
            Assert.Equal(MetricKeys, metrics.EnumerateObject().Select(p => p.Name));
    }

    /// <summary>A described run comes first, so a summary read on its own says what its numbers belong to.</summary>
    [Fact]
    public void RunDescriptionComesFirstWhenGiven()
    {
        var run = new EvaluationRunDescription("hdnet-lite", "colour map, minimum change 6 levels, colour guard 25,0.55",
            "256×256 (composite and real bicubic, mask nearest)", Evaluated: 4, Skipped: 1);
        using JsonDocument doc = JsonDocument.Parse(SummaryJsonWriter.Serialize(Sample(), run));
        Assert.Equal(["run", "subsets", "all", "buckets"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        JsonElement written = doc.RootElement.GetProperty("run");
        Assert.Equal(["model", "output", "size", "evaluated", "skipped"], written.EnumerateObject().Select(p => p.Name));
        Assert.Equal(run, new EvaluationRunDescription(written.GetProperty("model").GetString()!, written.GetProperty("output").GetString()!,
            written.GetProperty("size").GetString()!, written.GetProperty("evaluated").GetInt32(), written.GetProperty("skipped").GetInt32()));
    }

    [Fact]
    public void ValuesRoundTrip()
    {
        using JsonDocument doc = JsonDocument.Parse(SummaryJsonWriter.Serialize(Sample()));
        JsonElement coco = doc.RootElement.GetProperty("subsets").GetProperty("HCOCO");
        Assert.Equal(3, coco.GetProperty("count").GetInt32());
        Assert.Equal(4.0 / 3.0, coco.GetProperty("mse").GetDouble());
        Assert.Equal(119.0 / 3.0, coco.GetProperty("psnr").GetDouble());
        JsonElement all = doc.RootElement.GetProperty("all");
        Assert.Equal(4, all.GetProperty("count").GetInt32());
        Assert.Equal(1.0, all.GetProperty("mse").GetDouble());
        JsonElement small = doc.RootElement.GetProperty("buckets").GetProperty("0-5%");
        Assert.Equal(2, small.GetProperty("count").GetInt32());
        Assert.Equal(15.0, small.GetProperty("fmse").GetDouble());
    }

    [Fact]
    public void InfinityIsAStringAndEmptyMeansAreNull()
    {
        using JsonDocument doc = JsonDocument.Parse(SummaryJsonWriter.Serialize(Sample()));
        JsonElement night = doc.RootElement.GetProperty("subsets").GetProperty("Hday2night");
        Assert.Equal("Infinity", night.GetProperty("psnr").GetString());
        Assert.Equal("Infinity", doc.RootElement.GetProperty("all").GetProperty("psnr").GetString());

        JsonElement middle = doc.RootElement.GetProperty("buckets").GetProperty("5-15%");
        Assert.Equal(0, middle.GetProperty("count").GetInt32());
        Assert.Equal(JsonValueKind.Null, middle.GetProperty("mse").ValueKind);
        Assert.Equal(JsonValueKind.Null, middle.GetProperty("ssim").ValueKind);
    }

    [Fact]
    public void InfinityStringsReadBackAsDoublesWithNamedLiterals()
    {
        var options = new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
        using JsonDocument doc = JsonDocument.Parse(SummaryJsonWriter.Serialize(Sample()));
        string psnr = doc.RootElement.GetProperty("all").GetProperty("psnr").GetRawText();
        Assert.Equal(double.PositiveInfinity, JsonSerializer.Deserialize<double>(psnr, options));
    }

    [Fact]
    public void WriteProducesTheSameTextOnDisk()
    {
        string directory = Directory.CreateTempSubdirectory("harmonia-json-").FullName;
        try
        {
            string path = Path.Combine(directory, "summary.json");
            SummaryJsonWriter.Write(Sample(), path);
            Assert.Equal(SummaryJsonWriter.Serialize(Sample()), File.ReadAllText(path));
        }
        finally { Directory.Delete(directory, recursive: true); }
    }
}
