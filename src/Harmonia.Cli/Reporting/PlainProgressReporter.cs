namespace Harmonia.Cli.Reporting;

/// <summary>
/// Progress as plain text lines for logs (CI, pipes): one line at the start, then at most one line per
/// <c>interval</c> (written when an item finishes, so a stalled operation writes nothing), and a closing
/// line with the total time. No cursor movement or colors, so logs stay readable.
/// </summary>
internal sealed class PlainProgressReporter : IProgressReporter
{
    private readonly TextWriter writer;
    private readonly string description;
    private readonly long? total;
    private readonly string unit;
    private readonly TimeProvider time;
    private readonly TimeSpan interval;
    private readonly long startTimestamp;
    private readonly Lock gate = new();
    private long completed;
    private long failed;
    private long lastLineTimestamp;
    private bool disposed;

    public PlainProgressReporter(TextWriter writer, string description, long? total, string unit, TimeProvider time, TimeSpan interval)
    {
        this.writer = writer;
        this.description = description;
        this.total = total;
        this.unit = unit;
        this.time = time;
        this.interval = interval;
        startTimestamp = lastLineTimestamp = time.GetTimestamp();
        writer.WriteLine(total is null ? $"{description}: started" : $"{description}: started, {total} {unit}");
    }

    public long Completed => Interlocked.Read(ref completed);

    public long Failed => Interlocked.Read(ref failed);

    public void Fail(long count = 1)
    {
        Interlocked.Add(ref failed, count);
        Advance(count);
    }

    public void Advance(long count = 1)
    {
        var done = Interlocked.Add(ref completed, count);
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(Volatile.Read(ref lastLineTimestamp), now) < interval)
            return;
        lock (gate)
        {
            // Another thread may have written the line while this one waited.
            if (disposed || time.GetElapsedTime(lastLineTimestamp, now) < interval)
                return;
            lastLineTimestamp = now;
            var elapsed = time.GetElapsedTime(startTimestamp, now);
            var rate = done / Math.Max(elapsed.TotalSeconds, 1e-9);
            var remaining = ProgressFormat.EstimateRemaining(done, total, rate);
            var eta = remaining is null ? "" : $", ETA {ProgressFormat.Duration(remaining.Value)}";
            var failures = Failed > 0 ? $", {Failed} failed" : "";
            writer.WriteLine($"{description}: {ProgressFormat.Count(done, total, unit)}{failures}, {ProgressFormat.Rate(rate, unit)}{eta}");
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
                return;
            disposed = true;
            var done = Completed;
            var elapsed = time.GetElapsedTime(startTimestamp);
            var rate = done / Math.Max(elapsed.TotalSeconds, 1e-9);
            var finished = total is null || done >= total;
            var failures = Failed;
            // "done" only when nothing failed: a run whose items all failed must not read as a success.
            writer.WriteLine(!finished
                ? $"{description}: stopped at {ProgressFormat.Count(done, total, unit)} after {ProgressFormat.Duration(elapsed)}"
                : failures > 0
                    ? $"{description}: finished with {failures} of {done} {unit} failed, in {ProgressFormat.Duration(elapsed)}"
                    : $"{description}: done, {ProgressFormat.Count(done, total, unit)} in {ProgressFormat.Duration(elapsed)} ({ProgressFormat.Rate(rate, unit)})");
        }
    }
}
