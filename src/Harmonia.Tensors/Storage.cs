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
        if (Interlocked.Decrement(ref references) == 0 && Pooled)
        {
            BufferPool.Return(Array);
            Array = [];
        }
    }
}
