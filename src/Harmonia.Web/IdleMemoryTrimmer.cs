using System.Runtime;
using Harmonia.Tensors;

namespace Harmonia.Web;

/// <summary>
/// Gives memory back when the server falls idle. Under load the tensor engine's buffer pool keeps
/// buffers for the next harmonization and the GC keeps its heap; once the last request and the
/// last harmonization have ended and nothing new started for <see cref="IdleDelay"/>, both are
/// emptied, so a burst of large uploads does not leave the process gigabytes larger than it was.
/// </summary>
/// <remarks>
/// The delay keeps a client that sends one request after another from paying for a full,
/// compacting collection between every two of them.
/// </remarks>
internal sealed class IdleMemoryTrimmer(TimeSpan idleDelay)
{
    private int active;
    private long generation; // bumped by every Enter, so a trim scheduled before it knows it is stale
    private int trims;

    /// <summary>How long the server must stay idle before memory is trimmed.</summary>
    public TimeSpan IdleDelay { get; } = idleDelay;

    /// <summary>How many times the server fell idle and was trimmed.</summary>
    public int Trims => Volatile.Read(ref trims);

    /// <summary>Marks the start of work (a request, a harmonization); dispose the result when it ends.</summary>
    public Activity Enter()
    {
        Interlocked.Increment(ref generation);
        Interlocked.Increment(ref active);
        return new Activity(this);
    }

    private void Leave()
    {
        if (Interlocked.Decrement(ref active) != 0) return;
        long idleGeneration = Interlocked.Read(ref generation);
        _ = Task.Delay(IdleDelay).ContinueWith(_ => TrimIfStillIdle(idleGeneration), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void TrimIfStillIdle(long idleGeneration)
    {
        if (Volatile.Read(ref active) != 0 || Interlocked.Read(ref generation) != idleGeneration) return; // work came meanwhile
        BufferPool.Clear();
        // Uploads and decoded images live on the large object heap, which is only compacted when asked;
        // the aggressive mode also hands the freed memory back to the operating system at once.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Interlocked.Increment(ref trims);
    }

    /// <summary>One piece of work in progress; disposing it ends the work.</summary>
    public sealed class Activity(IdleMemoryTrimmer trimmer) : IDisposable
    {
        private int disposed;

        /// <summary>Ends the work; when it was the last, memory is trimmed after the idle delay.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) trimmer.Leave();
        }
    }
}
