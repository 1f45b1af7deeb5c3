using System.Text.Json;
using Harmonia.Training.Recipes;
using Harmonia.Training.Validation;

namespace Harmonia.Training.Logging;

/// <summary>
/// The records of <c>RUNDIR/log.jsonl</c>, one JSON object per line, each with an
/// <c>"event"</c> field:
/// <list type="bullet">
/// <item><c>start</c> / <c>resume</c>: <c>time</c> (UTC, ISO 8601), <c>step</c>, <c>total_steps</c>,
/// <c>batches_per_epoch</c>, <c>recipe</c> (the recipe JSON object).</item>
/// <item><c>train</c>: <c>step</c> (steps taken), <c>epoch</c> (0-based epoch of that step), <c>lr</c>,
/// <c>loss</c> (mean training loss over the <c>steps_averaged</c> steps since the previous
/// <c>train</c> record), <c>images_per_second</c>, <c>elapsed_seconds</c>.</item>
/// <item><c>validation</c>: <c>step</c>, <c>epoch</c>, <c>psnr</c> (mean per-image dB), <c>fmse</c>,
/// <c>images</c>, <c>improved</c>, <c>elapsed_seconds</c>.</item>
/// <item><c>checkpoint</c>: <c>step</c>, <c>file</c> (name within the run directory).</item>
/// <item><c>end</c>: <c>step</c>, <c>reason</c> (<c>completed</c> or <c>cancelled</c>), <c>elapsed_seconds</c>.</item>
/// </list>
/// A resumed run repeats the steps after its checkpoint, so records of those steps can appear
/// twice; the ones after the latest <c>resume</c> record count. Non-finite numbers are null.
/// </summary>
public sealed class TrainingLog : IDisposable
{
    private readonly JsonLinesLog file;

    /// <summary>Opens <paramref name="path"/> for appending.</summary>
    public TrainingLog(string path) => file = new JsonLinesLog(path);

    /// <summary>A run starts (<paramref name="resumed"/> false) or resumes at <paramref name="step"/>; a fine-tuning run names the weights it started from.</summary>
    public void Started(bool resumed, int step, int totalSteps, int batchesPerEpoch, TrainingRecipe recipe, string? initialWeights = null)
        => file.Append(w =>
        {
            w.WriteString("event", resumed ? "resume" : "start");
            w.WriteString("time", DateTimeOffset.UtcNow.ToString("O"));
            w.WriteNumber("step", step);
            w.WriteNumber("total_steps", totalSteps);
            w.WriteNumber("batches_per_epoch", batchesPerEpoch);
            if (initialWeights is not null) w.WriteString("initial_weights", initialWeights);
            w.WritePropertyName("recipe");
            using var recipeJson = JsonDocument.Parse(recipe.ToJson());
            recipeJson.WriteTo(w);
        });

    /// <summary>Training progress over the last <paramref name="stepsAveraged"/> steps.</summary>
    public void Trained(int step, int epoch, double learningRate, double meanLoss, int stepsAveraged, double imagesPerSecond, double elapsedSeconds)
        => file.Append(w =>
        {
            w.WriteString("event", "train");
            w.WriteNumber("step", step);
            w.WriteNumber("epoch", epoch);
            JsonLinesLog.WriteNumber(w, "lr", learningRate);
            JsonLinesLog.WriteNumber(w, "loss", meanLoss);
            w.WriteNumber("steps_averaged", stepsAveraged);
            JsonLinesLog.WriteNumber(w, "images_per_second", imagesPerSecond);
            JsonLinesLog.WriteNumber(w, "elapsed_seconds", elapsedSeconds);
        });

    /// <summary>A validation pass.</summary>
    public void Validated(ValidationReport report, bool improved, double elapsedSeconds)
        => file.Append(w =>
        {
            w.WriteString("event", "validation");
            w.WriteNumber("step", report.Step);
            w.WriteNumber("epoch", report.Epoch);
            JsonLinesLog.WriteNumber(w, "psnr", report.MeanPsnr);
            JsonLinesLog.WriteNumber(w, "fmse", report.MeanFmse);
            w.WriteNumber("images", report.Images);
            w.WriteBoolean("improved", improved);
            JsonLinesLog.WriteNumber(w, "elapsed_seconds", elapsedSeconds);
        });

    /// <summary>A checkpoint file is complete.</summary>
    public void CheckpointWritten(string fileName, int step)
        => file.Append(w =>
        {
            w.WriteString("event", "checkpoint");
            w.WriteNumber("step", step);
            w.WriteString("file", fileName);
        });

    /// <summary>The session ends normally or on cancellation.</summary>
    public void Ended(int step, bool cancelled, double elapsedSeconds)
        => file.Append(w =>
        {
            w.WriteString("event", "end");
            w.WriteNumber("step", step);
            w.WriteString("reason", cancelled ? "cancelled" : "completed");
            JsonLinesLog.WriteNumber(w, "elapsed_seconds", elapsedSeconds);
        });

    /// <inheritdoc/>
    public void Dispose() => file.Dispose();
}
