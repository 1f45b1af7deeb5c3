namespace Harmonia.Tensors;

/// <summary>
/// Inference memory, in one place. A scope reclaims every pooled buffer created on this thread
/// while it is open, except the ones passed to <see cref="Keep"/>. Wrapping each inference pass in a scope makes the next pass of
/// the same size find all its buffers in the <see cref="BufferPool"/>: in steady state no op
/// allocates. A training step works the same way: the graph, its saved tensors and the
/// gradients of intermediates all die with the step, so a scope around the step recycles them
/// instead of leaving gigabytes to the garbage collector. (Parameter gradients are not pooled.)
/// Inside a pass, a network hands an intermediate back the moment its last reader has read it
/// with <see cref="Release"/> (or <see cref="Consume"/>, a step that is its input's last reader), and
/// lets a step's own temporaries go when the step returns with <see cref="Temporaries"/>; all do
/// nothing with gradients on, where the graph owns every intermediate. Nothing else frees inference
/// memory.
/// </summary>
/// <example><code>
/// using var scope = TensorScope.Begin();
/// using var _ = Autograd.NoGrad();
/// return scope.Keep(network.Forward(x, mask));
/// </code></example>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic] private static TensorScope? current;
    private readonly TensorScope? outer;
    private readonly List<Storage> tracked = [];
    private bool disposed;

    private TensorScope(TensorScope? outer) => this.outer = outer;

    /// <summary>The innermost open scope of this thread, if any.</summary>
    internal static TensorScope? Current => current;

    /// <summary>Opens a scope on this thread; close it with <see cref="Dispose"/> on the same thread.</summary>
    public static TensorScope Begin() => current = new TensorScope(current);

    internal void Track(Storage storage)
    {
        tracked.Add(storage);
        storage.Scope = this;
    }

    /// <summary>
    /// Runs <paramref name="compute"/>; in inference (no-grad) mode inside a scope of its own, so
    /// its temporaries go back to the pool as soon as it returns and only the result survives.
    /// With gradients enabled it just runs: the graph needs every intermediate for backward.
    /// </summary>
    public static Tensor Temporaries(Func<Tensor> compute)
    {
        if (Autograd.IsEnabled) return compute();
        using var scope = Begin();
        return scope.Keep(compute());
    }

    /// <summary>
    /// Hands the buffers of <paramref name="consumed"/> back to the pool now, in inference (no-grad)
    /// mode: for intermediates whose last reader has read them, so that a U-Net at 2048² holds its
    /// skips and the current step rather than every map it has made. With gradients on it does
    /// nothing: backward needs them.
    /// </summary>
    public static void Release(params ReadOnlySpan<Tensor> consumed)
    {
        if (Autograd.IsEnabled) return;
        foreach (var tensor in consumed) tensor.Dispose();
    }

    /// <summary>
    /// <paramref name="step"/> of <paramref name="input"/>, the input's last reader: in inference its
    /// buffer goes back to the pool once the step has read it (see <see cref="Release"/>).
    /// </summary>
    public static Tensor Consume(Tensor input, Func<Tensor, Tensor> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var result = step(input);
        if (!ReferenceEquals(result, input)) Release(input);
        return result;
    }

    /// <summary>
    /// Lets <paramref name="tensor"/> (and any view sharing its buffer) outlive the scope. Inside
    /// an enclosing scope it then belongs to that one and is reclaimed when it ends; without one
    /// it is the caller's.
    /// </summary>
    public Tensor Keep(Tensor tensor)
    {
        tensor.MarkKept();
        return tensor;
    }

    /// <summary>Returns the scope's buffers to the pool. Tensors created inside must not be used afterwards, unless kept.</summary>
    public void Dispose()
    {
        if (disposed) return;
        if (!ReferenceEquals(current, this)) throw new InvalidOperationException("Tensor scopes must be closed in the reverse order they were opened, on the thread that opened them.");
        disposed = true;
        current = outer;
        foreach (var storage in tracked)
        {
            if (storage.Kept && outer is not null)
            {
                storage.Kept = false;
                outer.Track(storage);
            }
            else storage.ReturnAtScopeEnd();
        }
        tracked.Clear();
    }
}
