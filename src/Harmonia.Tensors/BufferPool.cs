using System.Collections.Concurrent;

namespace Harmonia.Tensors;

/// <summary>
/// Float buffers reused across inference passes. Buffers are kept by exact length: a model
/// run twice at the same size asks for the same lengths, so after the first pass no op
/// allocates. Only no-grad tensors use it; training tensors live on the GC heap because the
/// graph decides their lifetime.
/// </summary>
public static class BufferPool
{
    private static readonly ConcurrentDictionary<int, ConcurrentBag<float[]>> Free = new();
    private static long pooledFloats;

    /// <summary>Most floats kept idle in the pool (default 1.5 G floats = 6 GiB); beyond it returned buffers are dropped.</summary>
    public static long CapacityFloats { get; set; } = 1_500_000_000;

    /// <summary>Floats currently idle in the pool.</summary>
    public static long IdleFloats => Interlocked.Read(ref pooledFloats);

    /// <summary>A buffer of exactly <paramref name="length"/> floats with unspecified contents.</summary>
    public static float[] Rent(int length)
    {
        if (length == 0) return [];
        if (Free.TryGetValue(length, out var bag) && bag.TryTake(out var array))
        {
            Interlocked.Add(ref pooledFloats, -length);
            return array;
        }
        if (length >= LargeBufferFloats) EvictIdleFor(length);
        Interlocked.Add(ref freshFloats, length);
        return GC.AllocateUninitializedArray<float>(length);
    }

    /// <summary>
    /// Requests of at least this many floats (64 MiB) that find no idle buffer of their length make
    /// room first when memory is short; see <see cref="EvictIdleFor"/>.
    /// </summary>
    public const int LargeBufferFloats = 16 << 20;

    /// <summary>
    /// The managed heap, in bytes, up to which a large miss keeps every idle buffer (default: a quarter
    /// of the memory the GC may use, at most 4 GiB). Beyond it the miss drops idle buffers of other
    /// lengths (<see cref="EvictIdleFor"/>).
    /// </summary>
    public static long EvictionHeapThresholdBytes { get; set; } = DefaultEvictionHeapThreshold();

    private static long DefaultEvictionHeapThreshold()
        => Math.Min(4L << 30, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);

    /// <summary>
    /// Idle buffers serve only their exact length. At very high resolution every layer has sizes of
    /// its own, and idle buffers of the sizes already passed would pile up on top of the live ones
    /// (HDNet at 2048²: 9.2 GB peak RSS instead of about 4). So once the heap is past
    /// <see cref="EvictionHeapThresholdBytes"/>, a large miss drops idle buffers of other lengths,
    /// largest first, until as many floats as it needs are freed, and collects them at once: a
    /// dropped buffer left for the next natural GC would still count towards the peak. Below the
    /// threshold it drops nothing: the next pass of the same size needs those buffers, and dropping
    /// them made HDNet at 1024² allocate (and the kernel zero) 3.3 GB afresh on every pass.
    /// </summary>
    private static void EvictIdleFor(int length)
    {
        if (GC.GetTotalMemory(forceFullCollection: false) + 4L * length <= EvictionHeapThresholdBytes) return;
        long freed = 0;
        foreach (var size in Free.Keys.Where(k => k != length).OrderByDescending(k => k))
        {
            var bag = Free[size];
            while (freed < length && bag.TryTake(out _))
            {
                Interlocked.Add(ref pooledFloats, -size);
                freed += size;
            }
            if (freed >= length) break;
        }
        if (freed > 0) GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
    }

    private static long freshFloats;

    /// <summary>Floats <see cref="Rent"/> had to allocate because the pool had no buffer of the size asked (a running total).</summary>
    public static long FreshlyAllocatedFloats => Interlocked.Read(ref freshFloats);

    /// <summary>Takes a buffer back for reuse. The caller must not touch it afterwards.</summary>
    public static void Return(float[] array)
    {
        if (array.Length == 0) return;
        if (Interlocked.Add(ref pooledFloats, array.Length) > CapacityFloats)
        {
            Interlocked.Add(ref pooledFloats, -array.Length);
            return;
        }
        Free.GetOrAdd(array.Length, _ => new ConcurrentBag<float[]>()).Add(array);
    }

    /// <summary>Drops every idle buffer, for the GC to reclaim.</summary>
    public static void Clear()
    {
        Free.Clear();
        Interlocked.Exchange(ref pooledFloats, 0);
    }
}
