using System.Diagnostics;

namespace Harmonia.Evaluation.Runs;

/// <summary>
/// Counts finished samples across worker threads and passes each new count to the progress
/// callback. Calls are serialized, so the callback sees Done rise by exactly one each time.
/// </summary>
internal sealed class ProgressTracker(int total, Action<EvaluationProgress>? callback)
{
    private readonly Lock gate = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private int done, skipped;

    /// <summary>Time since the tracker was created (the start of the run).</summary>
    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>Records one finished sample and reports the new state.</summary>
    public void SampleFinished(bool wasSkipped)
    {
        lock (gate)
        {
            done++;
            if (wasSkipped) skipped++;
            callback?.Invoke(new EvaluationProgress(done, skipped, total, clock.Elapsed));
        }
    }
}
