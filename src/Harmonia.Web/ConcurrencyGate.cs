namespace Harmonia.Web;

/// <summary>What became of a request that asked a gate for a slot.</summary>
internal enum GateOutcome
{
    /// <summary>The request holds a slot and must release it when its work ends.</summary>
    Entered,
    /// <summary>Every slot was busy and the queue was full.</summary>
    QueueFull,
    /// <summary>The request waited in the queue for the whole queue timeout.</summary>
    QueueTimedOut,
}

/// <summary>
/// Bounds the requests doing one kind of work at once (holding uploads in memory, harmonizing),
/// and the requests waiting to. Waiting is bounded in count and in time, so a burst of requests
/// is answered 503 quickly rather than piling up memory and connections.
/// </summary>
internal sealed class ConcurrencyGate(int maxConcurrent, int maxQueued, TimeSpan queueTimeout)
{
    private readonly SemaphoreSlim slots = new(maxConcurrent, maxConcurrent);
    private int waiting;

    /// <summary>Requests currently waiting for a slot.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>
    /// Takes a free slot, or waits in the queue for one. Cancelling <paramref name="cancellationToken"/>
    /// (client gone, request timed out) leaves the queue and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<GateOutcome> EnterAsync(CancellationToken cancellationToken)
    {
        if (slots.Wait(0)) return GateOutcome.Entered;
        if (Interlocked.Increment(ref waiting) > maxQueued)
        {
            Interlocked.Decrement(ref waiting);
            return GateOutcome.QueueFull;
        }
        try
        {
            return await slots.WaitAsync(queueTimeout, cancellationToken) ? GateOutcome.Entered : GateOutcome.QueueTimedOut;
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }
    }

    /// <summary>Gives back a slot taken by <see cref="EnterAsync"/>.</summary>
    public void Release() => slots.Release();
}
