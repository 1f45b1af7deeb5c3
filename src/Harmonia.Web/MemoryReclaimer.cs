using System.Runtime;
using Harmonia.Tensors;

namespace Harmonia.Web;

/// <summary>
/// Keeps the server's memory near what the work in progress needs. A harmonization of a large
/// photo leaves hundreds of megabytes of full-resolution intermediates behind; on a machine with
/// plenty of memory the GC would let several jobs' worth pile up before collecting, so each
/// finished job is collected at once (<see cref="AfterHarmonization"/>). And once the last request
/// and the last harmonization have ended and nothing new started for <see cref="IdleDelay"/>, the
/// tensor engine's buffer pool is emptied and the heap compacted, so a burst does not leave the
/// process larger than it was.
/// </summary>
/// <remarks>
/// The idle delay keeps a client that sends one request after another from paying for a full,
/// compacting collection between every two of them.
/// </remarks>
internal sealed class MemoryReclaimer(TimeSpan idleDelay)
{
    private int active;
    private long generation; // bumped by every Enter, so a trim scheduled before it knows it is stale
    private int trims;

    /// <summary>How long the server must stay idle before memory is trimmed.</summary>
    public TimeSpan IdleDelay { get; } = idleDelay;

    /// <summary>
    /// Idle floats the buffer pool may keep between harmonizations (64 M floats, 256 MiB): enough
    /// for a network at the working size to reuse its buffers, not for buffers of every image size
    /// seen to pile up.
    /// </summary>
    public const long MaxIdlePoolFloats = 64L << 20;

    /// <summary>How many times the server fell idle and was trimmed.</summary>
    public int Trims => Volatile.Read(ref trims);

    /// <summary>Marks the start of work (a request, a harmonization); dispose the result when it ends.</summary>
    public Activity Enter()
    {
        Interlocked.Increment(ref generation);
        Interlocked.Increment(ref active);
        return new Activity(this);
    }

    /// <summary>Collects what a finished harmonization left behind, before the next one adds to it.</summary>
    public static void AfterHarmonization()
    {
        if (BufferPool.IdleFloats > MaxIdlePoolFloats) BufferPool.Clear();
        // Nearly everything the job allocated is garbage now, so a full collection is quick.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
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
    public sealed class Activity(MemoryReclaimer reclaimer) : IDisposable
    {
        private int disposed;

        /// <summary>Ends the work; when it was the last, memory is trimmed after the idle delay.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) reclaimer.Leave();
        }
    }
}
