using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Harmonia.Tensors.Threading;

/// <summary>
/// Dedicated threads that run the chunks of <see cref="ParallelRange.For"/> loops. A training step
/// issues thousands of short loops (one or two per GEMM round); handing each to the .NET thread
/// pool wakes a sleeping thread every time, and the wake-ups cost a few percent of a step while
/// the other core idles. Workers here instead spin for a short while after each loop, so the next
/// loop finds them awake, and only then sleep.
/// </summary>
/// <remarks>
/// <para>One loop runs on the pool at a time. A second caller meanwhile (another request of a
/// server, a test running beside another) is told to use the thread pool instead, and a loop
/// started from inside a chunk runs on the calling thread: chunks are the same either way, so
/// results do not change.</para>
/// <para>Every loop gets its own <see cref="Loop"/> object, and all its state lives there: a worker
/// that wakes late and picks up a finished loop finds no chunks left and goes back to waiting,
/// never mixing one loop's body with another's chunks.</para>
/// </remarks>
internal static class WorkerPool
{
    /// <summary>How long an idle worker (and a caller waiting for its chunks) spins before sleeping.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 µs

    private static readonly Lock Gate = new();
    private static readonly object SleepGate = new();
    private static readonly List<Thread> Workers = [];
    private static Loop? current;
    private static int sleepers;

    /// <summary>True on worker threads, and on a caller while it runs chunks itself.</summary>
    [ThreadStatic]
    private static bool insideLoop;

    /// <summary>
    /// Runs <paramref name="chunks"/> calls <c>body(chunk)</c> on the caller and up to
    /// <paramref name="threads"/> − 1 workers. Returns false, having run nothing, when the pool
    /// is busy with another caller's loop; the caller then runs the loop another way.
    /// </summary>
    public static bool TryRun(int chunks, int threads, Action<int> body)
    {
        if (insideLoop)
        {
            for (int chunk = 0; chunk < chunks; chunk++) body(chunk);
            return true;
        }
        if (!Gate.TryEnter()) return false;
        try
        {
            int helpers = Math.Min(threads, chunks) - 1;
            while (Workers.Count < helpers) StartWorker(Workers.Count);
            var loop = new Loop(body, chunks, helpers);
            Interlocked.Exchange(ref current, loop);
            if (Volatile.Read(ref sleepers) > 0)
                lock (SleepGate) Monitor.PulseAll(SleepGate);

            insideLoop = true;
            try
            {
                loop.RunChunks(participant: 0);
            }
            finally
            {
                insideLoop = false;
            }
            loop.WaitForChunksInFlight();
            loop.Error?.Throw();
            return true;
        }
        finally
        {
            Gate.Exit();
        }
    }

    private static void StartWorker(int index)
    {
        var thread = new Thread(() => WorkLoop(index))
        {
            IsBackground = true,
            Name = $"Harmonia worker {index + 1}",
        };
        Workers.Add(thread);
        // A worker lives on after this caller; it must not keep the caller's async-local values.
        using (ExecutionContext.SuppressFlow()) thread.Start();
    }

    private static void WorkLoop(int index)
    {
        insideLoop = true;
        Loop? done = null;
        while (true)
        {
            var loop = WaitForLoopAfter(done);
            done = loop;
            // Loops that need fewer threads leave the higher-numbered workers out.
            if (index < loop.Helpers) loop.RunChunksInCallersContext(participant: index + 1);
        }
    }

    /// <summary>Spins for a new loop, then sleeps until one is published.</summary>
    private static Loop WaitForLoopAfter(Loop? done)
    {
        long start = Stopwatch.GetTimestamp();
        for (int spin = 0; ; spin++)
        {
            var loop = Volatile.Read(ref current);
            if (loop is not null && loop != done) return loop;
            if ((spin & 63) == 63 && Stopwatch.GetTimestamp() - start > SpinTicks) break;
            Thread.SpinWait(20);
        }
        lock (SleepGate)
        {
            // Counted before the last look, and the publisher reads the count after publishing
            // (both with full fences), so either this look sees the loop or the publisher wakes us.
            Interlocked.Increment(ref sleepers);
            try
            {
                while (true)
                {
                    var loop = Volatile.Read(ref current);
                    if (loop is not null && loop != done) return loop;
                    Monitor.Wait(SleepGate);
                }
            }
            finally
            {
                Interlocked.Decrement(ref sleepers);
            }
        }
    }

    /// <summary>One loop's body and counters, shared by the caller and the workers that join it.</summary>
    /// <remarks>
    /// Each participant (the caller is 0, worker i is i + 1) has a home range of the chunks, the same
    /// share of every loop, and runs it first, front to back; then it takes what is left of the
    /// others' ranges. So consecutive loops over the same data give each core the part it wrote
    /// last, still in its cache, instead of whichever chunks it happened to claim. Which core runs a
    /// chunk never changes the chunk's result.
    /// </remarks>
    private sealed class Loop
    {
        /// <summary>Ints between two ranges' counters, so each counter has a cache line of its own.</summary>
        private const int CounterStride = 16;
        private readonly Action<int> body;
        private readonly int chunks;
        private readonly int participants;
        private readonly int[] claimedInRange;
        private int unfinished;
        private ExceptionDispatchInfo? error;

        /// <summary>
        /// The caller's async-local values (a test's forced micro-kernel or column tile size, for
        /// example) hold on the workers too, as they would on thread-pool tasks.
        /// </summary>
        private readonly ExecutionContext? callersContext;

        public Loop(Action<int> body, int chunks, int helpers)
        {
            this.body = body;
            this.chunks = chunks;
            unfinished = chunks;
            Helpers = helpers;
            participants = helpers + 1;
            claimedInRange = new int[participants * CounterStride];
            for (int r = 0; r < participants; r++) claimedInRange[r * CounterStride] = -1;
            callersContext = ExecutionContext.Capture();
        }

        /// <summary><see cref="RunChunks"/> on a worker, under the caller's execution context.</summary>
        public void RunChunksInCallersContext(int participant)
        {
            if (callersContext is null) RunChunks(participant);
            else ExecutionContext.Run(callersContext, static state =>
            {
                var (loop, who) = ((Loop, int))state!;
                loop.RunChunks(who);
            }, (this, participant));
        }

        /// <summary>How many workers (by index) take part besides the caller.</summary>
        public int Helpers { get; }

        /// <summary>The first exception a chunk threw, rethrown on the caller.</summary>
        public ExceptionDispatchInfo? Error => Volatile.Read(ref error);

        private int RangeStart(int range) => (int)((long)chunks * range / participants);

        /// <summary>Claims and runs chunks, its own range's first, until none are left.</summary>
        public void RunChunks(int participant)
        {
            for (int k = 0; k < participants; k++)
            {
                int range = (participant + k) % participants;
                int start = RangeStart(range), end = RangeStart(range + 1);
                int chunk;
                while ((chunk = start + Interlocked.Increment(ref claimedInRange[range * CounterStride])) < end)
                {
                    try
                    {
                        body(chunk);
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref error, ExceptionDispatchInfo.Capture(e), null);
                    }
                    Interlocked.Decrement(ref unfinished);
                }
            }
        }

        /// <summary>Returns once every claimed chunk has finished (spinning first, then yielding the core).</summary>
        public void WaitForChunksInFlight()
        {
            long start = Stopwatch.GetTimestamp();
            for (int spin = 0; Volatile.Read(ref unfinished) > 0; spin++)
            {
                if ((spin & 63) == 63 && Stopwatch.GetTimestamp() - start > SpinTicks) Thread.Yield();
                else Thread.SpinWait(20);
            }
        }
    }
}
