using Spectre.Console;

namespace Harmonia.Cli.Reporting;

/// <summary>
/// A live progress bar on a terminal, drawn by Spectre.Console. Spectre's progress API is
/// callback-shaped (it owns the loop); this reporter runs that callback on a background task and
/// keeps it open until disposal, so commands can use a plain "advance, then dispose" style.
/// </summary>
internal sealed class SpectreProgressReporter : IProgressReporter
{
    private readonly ProgressTask task;
    private readonly TaskCompletionSource operationEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task display;
    private readonly string description;
    private long completed;
    private long failed;
    private bool disposed;

    public SpectreProgressReporter(IAnsiConsole console, string description, long? total, string unit)
    {
        this.description = description;
        var progress = new Spectre.Console.Progress(console)
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new CountColumn(unit),
                new RateColumn(unit),
                new EtaColumn());

        var started = new TaskCompletionSource<ProgressTask>(TaskCreationOptions.RunContinuationsAsynchronously);
        display = Task.Run(() => progress.StartAsync(async context =>
        {
            var liveTask = context.AddTask(Markup.Escape(description), autoStart: true, maxValue: total ?? double.MaxValue);
            liveTask.IsIndeterminate = total is null;
            started.SetResult(liveTask);
            await operationEnded.Task.ConfigureAwait(false);
        }));
        // If Spectre fails to start (e.g. another live display is running), surface its error here, not a hang.
        display.ContinueWith(
            finished => started.TrySetException(finished.Exception?.InnerExceptions ?? [new InvalidOperationException("The progress display stopped before it started.")]),
            TaskContinuationOptions.ExecuteSynchronously);
        task = started.Task.GetAwaiter().GetResult();
    }

    public long Completed => Interlocked.Read(ref completed);

    public void Advance(long count = 1)
    {
        Interlocked.Add(ref completed, count);
        task.Increment(count);
    }

    public long Failed => Interlocked.Read(ref failed);

    public void Fail(long count = 1)
    {
        var failures = Interlocked.Add(ref failed, count);
        Interlocked.Add(ref completed, count);
        task.Description = Markup.Escape(description) + $" [red]({failures} failed)[/]";
        task.Increment(count);
    }

    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        task.StopTask();
        operationEnded.TrySetResult();
        display.GetAwaiter().GetResult();
    }
}
