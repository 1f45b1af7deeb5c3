namespace Harmonia.Tensors;

/// <summary>
/// A float buffer shared by a tensor and its reshaped views. Pooled buffers are reference
/// counted so that the last <see cref="Tensor.Dispose"/> returns them to the pool; a buffer
/// nobody disposes is simply collected by the GC.
/// </summary>
internal sealed class Storage
{
    private int references = 1;

    public Storage(float[] array, bool pooled)
    {
        Array = array;
        Pooled = pooled;
    }

    public float[] Array { get; private set; }

    public bool Pooled { get; }

    /// <summary>The storage a disposed tensor points at, so use-after-dispose fails loudly.</summary>
    public static Storage Released { get; } = new([], pooled: false) { references = int.MaxValue / 2 };

    public Storage Share()
    {
        Interlocked.Increment(ref references);
        return this;
    }

    public void Release()
    {
        if (ReferenceEquals(this, Released)) return;
        if (Interlocked.Decrement(ref references) == 0 && Pooled) ReturnToPool();
    }

    /// <summary>
    /// Hands the buffer back at the end of a <see cref="TensorScope"/>, whatever the reference
    /// count: the scope has promised that nothing created inside it is used afterwards.
    /// </summary>
    public void ReturnAtScopeEnd()
    {
        if (Pooled && !Kept) ReturnToPool();
    }

    /// <summary>Set by <see cref="TensorScope.Keep"/>: the buffer outlives its scope.</summary>
    public bool Kept { get; set; }

    /// <summary>The scope that will reclaim this buffer (the innermost open one when it was made, or the one a kept buffer moved to).</summary>
    public TensorScope? Scope { get; set; }

    /// <summary>
    /// True when this storage is a pooled temporary of <paramref name="scope"/> that nothing else holds:
    /// one tensor refers to it, and it is not kept past the scope.
    /// </summary>
    public bool IsSoleTemporaryOf(TensorScope? scope)
        => Pooled && !Kept && scope is not null && ReferenceEquals(Scope, scope) && Volatile.Read(ref references) == 1;

    /// <summary>True when this storage came from the pool and one tensor alone refers to it.</summary>
    public bool IsSolePooled => Pooled && Volatile.Read(ref references) == 1;

    private int returned;

    private void ReturnToPool()
    {
        // Once only, whether the last tensor was disposed or the scope ended first.
        if (Interlocked.Exchange(ref returned, 1) != 0) return;
        BufferPool.Return(Array);
        Array = [];
    }
}
