using System.Runtime.ExceptionServices;

namespace Harmonia.Data.Loading;

/// <summary>
/// Produces items 0..count−1 on a fixed number of worker threads, ahead of a consumer that takes
/// them strictly in order. At most <c>capacity</c> items are being produced or waiting at any
/// time, so memory stays bounded however slow the consumer is. Because each item is a pure
/// function of its index, the sequence the consumer sees does not depend on worker timing.
/// A failure producing item i is rethrown when the consumer takes item i. Disposing stops the
/// workers and waits for them to exit (a worker finishes the item it is producing first).
/// </summary>
internal sealed class OrderedPrefetcher<T> : IDisposable
{
    private readonly Func<int, T> produce;
    private readonly int count;
    private readonly SemaphoreSlim freeSlots;
    private readonly CancellationTokenSource stopping = new();
    private readonly Thread[] workers;
    private readonly object gate = new();
    private readonly Dictionary<int, (T? Value, ExceptionDispatchInfo? Error)> finished = [];
    private readonly Action<int>? onLiveWorkersChanged;
    private int nextToProduce;
    private int nextToTake;
    private int liveWorkers;
    private bool disposed;

    /// <param name="count">Items to produce.</param>
    /// <param name="produce">Makes item i; called concurrently from worker threads.</param>
    /// <param name="workerCount">Worker threads (at least 1; fewer are started when there are fewer items).</param>
    /// <param name="capacity">Most items produced ahead of the consumer (at least the worker count).</param>
    /// <param name="onLiveWorkersChanged">Told +1 when a worker starts and −1 when it exits (for tests and diagnostics).</param>
    public OrderedPrefetcher(int count, Func<int, T> produce, int workerCount, int capacity, Action<int>? onLiveWorkersChanged = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(workerCount, 1);
        this.count = count;
        this.produce = produce;
        this.onLiveWorkersChanged = onLiveWorkersChanged;
        int threads = Math.Min(workerCount, Math.Max(count, 1));
        freeSlots = new SemaphoreSlim(Math.Max(capacity, threads));
        workers = new Thread[count == 0 ? 0 : threads];
        for (int w = 0; w < workers.Length; w++)
        {
            workers[w] = new Thread(WorkerLoop) { IsBackground = true, Name = $"Harmonia data worker {w}" };
            Interlocked.Increment(ref liveWorkers);
            onLiveWorkersChanged?.Invoke(+1);
            workers[w].Start();
        }
    }

    /// <summary>Worker threads that have not exited yet.</summary>
    public int LiveWorkers => Volatile.Read(ref liveWorkers);

    /// <summary>Waits for and returns the next item in order.</summary>
    /// <exception cref="InvalidOperationException">All items have been taken.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public T TakeNext(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (nextToTake >= count) throw new InvalidOperationException($"All {count} items have been taken.");
        int index = nextToTake;
        (T? Value, ExceptionDispatchInfo? Error) result;
        using (cancellationToken.Register(WakeConsumer))
        {
            lock (gate)
            {
                while (!finished.Remove(index, out result))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Monitor.Wait(gate);
                }
            }
        }
        nextToTake++;
        freeSlots.Release();
        result.Error?.Throw();
        return result.Value!;
    }

    private void WakeConsumer()
    {
        lock (gate) Monitor.PulseAll(gate);
    }

    private void WorkerLoop()
    {
        try
        {
            while (true)
            {
                try { freeSlots.Wait(stopping.Token); }
                catch (OperationCanceledException) { return; }
                int index = Interlocked.Increment(ref nextToProduce) - 1;
                if (index >= count) return;

                (T? Value, ExceptionDispatchInfo? Error) result;
                try { result = (produce(index), null); }
                catch (Exception e) { result = (default, ExceptionDispatchInfo.Capture(e)); }

                lock (gate)
                {
                    finished.Add(index, result);
                    Monitor.PulseAll(gate);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref liveWorkers);
            onLiveWorkersChanged?.Invoke(-1);
        }
    }

    /// <summary>Stops the workers and waits until every one has exited.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        stopping.Cancel();
        foreach (var worker in workers) worker.Join();
        lock (gate) finished.Clear();
        stopping.Dispose();
        freeSlots.Dispose();
    }
}
