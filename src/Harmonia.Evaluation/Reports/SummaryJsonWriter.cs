using System.Text;
using System.Text.Json;
using Harmonia.Evaluation.Metrics;
using Harmonia.Imaging;
using Harmonia.Tensors.Files;

namespace Harmonia.Evaluation.Reports;

/// <summary>
/// Writes summary.json:
/// <c>{"subsets": {"&lt;name&gt;": {"count","mse","fmse","psnr","fpsnr","ssim"}, …}, "all": {…}, "buckets": {"0-5%": {…}, "5-15%": {…}, "15-100%": {…}}, "labShift": {"count", "mean": {"dL","da","db"}, "median": {…}, "largeAShare", "largeBShare"}}</c>
/// (labShift only when the object's colour shift was measured), and, when the run is described,
/// <c>"run": {"model", "output", "size", "evaluated", "skipped"}</c> first.
/// Numbers use the shortest round-trip form, culture-invariant. JSON has no infinities or NaN, so
/// +∞ and −∞ are written as the strings "Infinity" and "-Infinity" (which System.Text.Json reads back
/// into a double with <c>JsonNumberHandling.AllowNamedFloatingPointLiterals</c>, and Python's
/// <c>float()</c> accepts), and NaN — a mean over no images — is written as null.
/// </summary>
public static class SummaryJsonWriter
{
    /// <summary>The JSON text (indented, UTF-8 when written).</summary>
    /// <param name="summary">The means.</param>
    /// <param name="run">How the run was made, written as the <c>run</c> object; null for none.</param>
    public static string Serialize(EvaluationSummary summary, EvaluationRunDescription? run = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            if (run is not null)
            {
                json.WriteStartObject("run");
                json.WriteString("model", run.Model);
                json.WriteString("output", run.Output);
                json.WriteString("size", run.Size);
                json.WriteNumber("evaluated", run.Evaluated);
                json.WriteNumber("skipped", run.Skipped);
                json.WriteEndObject();
            }
            json.WriteStartObject("subsets");
            foreach (SubsetSummary subset in summary.Subsets)
            {
                json.WritePropertyName(subset.Subset);
                WriteMetrics(json, subset.Metrics);
            }
            json.WriteEndObject();
            json.WritePropertyName("all");
            WriteMetrics(json, summary.All);
            json.WriteStartObject("buckets");
            foreach (BucketSummary bucket in summary.Buckets)
            {
                json.WritePropertyName(bucket.Label);
                WriteMetrics(json, bucket.Metrics);
            }
            json.WriteEndObject();
            if (summary.LabShift is { } shift)
            {
                json.WriteStartObject("labShift");
                json.WriteNumber("count", shift.Count);
                WriteShift(json, "mean", shift.Mean);
                WriteShift(json, "median", shift.Median);
                WriteDouble(json, "largeAShare", shift.LargeAShare);
                WriteDouble(json, "largeBShare", shift.LargeBShare);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Atomically writes <see cref="Serialize"/>'s text to <paramref name="path"/>.</summary>
    public static void Write(EvaluationSummary summary, string path, EvaluationRunDescription? run = null) =>
        AtomicFileWriter.WriteAllText(path, Serialize(summary, run));

    private static void WriteMetrics(Utf8JsonWriter json, MetricSummary metrics)
    {
        json.WriteStartObject();
        json.WriteNumber("count", metrics.Count);
        WriteDouble(json, "mse", metrics.Mse);
        WriteDouble(json, "fmse", metrics.Fmse);
        WriteDouble(json, "psnr", metrics.Psnr);
        WriteDouble(json, "fpsnr", metrics.Fpsnr);
        WriteDouble(json, "ssim", metrics.Ssim);
        json.WriteEndObject();
    }

    private static void WriteShift(Utf8JsonWriter json, string name, ForegroundLabShift shift)
    {
        json.WriteStartObject(name);
        WriteDouble(json, "dL", shift.DeltaL);
        WriteDouble(json, "da", shift.DeltaA);
        WriteDouble(json, "db", shift.DeltaB);
        json.WriteEndObject();
    }

    private static void WriteDouble(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsNaN(value)) json.WriteNull(name);
        else if (double.IsPositiveInfinity(value)) json.WriteString(name, "Infinity");
        else if (double.IsNegativeInfinity(value)) json.WriteString(name, "-Infinity");
        else json.WriteNumber(name, value);
    }
}
