using System.Text;
using Harmonia.Tensors.Kernels;

namespace Harmonia.Tensors;

/// <summary>
/// The one tensor type: float32, contiguous, row-major (NCHW for images), with an explicit
/// shape. A tensor may take part in automatic differentiation: when gradients are enabled
/// (see <see cref="Autograd"/>) every op that reads a tensor with <see cref="RequiresGrad"/>
/// records how to send gradients back to its inputs, and <see cref="Backward()"/> replays
/// those records in reverse.
/// </summary>
/// <remarks>
/// Element <c>(i0, i1, …)</c> lives at <c>Data[i0·stride0 + i1·stride1 + …]</c> where the
/// last dimension has stride 1. Ops never write into their inputs: every op returns a new
/// tensor, except <see cref="Reshape"/>, which shares storage.
/// </remarks>
public sealed partial class Tensor : IDisposable
{
    private Storage storage;
    private readonly int[] shape;

    // The shape array is never written after construction, so tensors may share it (Detach does).
    internal Tensor(int[] shape, Storage storage)
    {
        this.shape = shape;
        this.storage = storage;
        if (storage.Array.Length != ShapeMath.Numel(shape))
            throw new ArgumentException($"Storage of {storage.Array.Length} floats does not fit shape {ShapeMath.Format(shape)}.");
    }

    /// <summary>The size of each dimension (read-only: a tensor's shape never changes; <see cref="Reshape"/> makes a new tensor).</summary>
    public ReadOnlySpan<int> Shape => shape;

    /// <summary>The elements, row-major. Its length is exactly <see cref="Numel"/>.</summary>
    /// <exception cref="ObjectDisposedException">The tensor was disposed.</exception>
    // Throwing here is what makes use-after-dispose loud: a disposed tensor's storage is empty,
    // and ops that size their loops by the input would otherwise silently return garbage.
    public float[] Data => IsDisposed ? throw new ObjectDisposedException(nameof(Tensor), $"A disposed tensor of shape {ShapeMath.Format(Shape)} was used.") : storage.Array;

    private bool IsDisposed => ReferenceEquals(storage, Storage.Released);

    /// <summary>The number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>The number of elements.</summary>
    public int Numel => storage.Array.Length;

    /// <summary>Size of dimension <paramref name="dim"/>; negative values count from the end.</summary>
    public int Size(int dim) => Shape[ShapeMath.NormalizeDim(dim, Rank)];

    /// <summary>
    /// Whether gradients flow into this tensor. Set it on leaves (parameters); ops set it on
    /// their outputs when any input requires a gradient and gradients are enabled.
    /// </summary>
    public bool RequiresGrad { get; set; }

    /// <summary>The accumulated gradient after <see cref="Backward()"/>; null before. Same shape as this tensor.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>The record of the op that produced this tensor; null for leaves and in no-grad mode.</summary>
    internal GradNode? Node { get; set; }

    /// <summary>True when this tensor was made by the user or is a parameter, not by a recorded op.</summary>
    public bool IsLeaf => Node is null;

    // ---------------------------------------------------------------- creation

    /// <summary>
    /// A tensor with unspecified contents. In no-grad mode, or inside a <see cref="TensorScope"/>,
    /// its buffer comes from the <see cref="BufferPool"/> and goes back on <see cref="Dispose"/> or
    /// when the scope ends.
    /// </summary>
    public static Tensor Empty(params ReadOnlySpan<int> shape)
    {
        ShapeMath.Validate(shape);
        int n = ShapeMath.Numel(shape);
        // Pooled when something will hand the buffer back: an open scope, or (in inference) the
        // caller's Dispose. Training tensors outside a scope belong to the graph and the GC.
        var scope = TensorScope.Current;
        var storage = scope is null && Autograd.IsEnabled ? new Storage(new float[n], pooled: false) : new Storage(BufferPool.Rent(n), pooled: true);
        if (storage.Pooled) scope?.Track(storage);
        return new Tensor(shape.ToArray(), storage);
    }

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(params ReadOnlySpan<int> shape)
    {
        var t = Empty(shape);
        if (t.storage.Pooled) ElementwiseLoops.Clear(t.Data, t.Numel);
        return t;
    }

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(ReadOnlySpan<int> shape, float value)
    {
        var t = Empty(shape);
        Array.Fill(t.Data, value);
        return t;
    }

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(params ReadOnlySpan<int> shape) => Full(shape, 1f);

    /// <summary>A tensor with the same shape as <paramref name="like"/>, filled with <paramref name="value"/>.</summary>
    public static Tensor FullLike(Tensor like, float value) => Full(like.Shape, value);

    /// <summary>Wraps <paramref name="data"/> (not copied) as a tensor of the given shape.</summary>
    public static Tensor FromArray(float[] data, params ReadOnlySpan<int> shape)
    {
        ShapeMath.Validate(shape);
        if (data.Length != ShapeMath.Numel(shape))
            throw new ArgumentException($"{data.Length} values cannot have shape {ShapeMath.Format(shape)}.", nameof(data));
        return new Tensor(shape.ToArray(), new Storage(data, pooled: false));
    }

    /// <summary>A 0-dimensional tensor holding one value.</summary>
    public static Tensor Scalar(float value) => FromArray([value]);

    /// <summary>The value of a one-element tensor.</summary>
    public float Item()
    {
        if (Numel != 1) throw new InvalidOperationException($"Item() needs exactly one element, the tensor has shape {ShapeMath.Format(Shape)}.");
        return Data[0];
    }

    /// <summary>A copy of the elements.</summary>
    public float[] ToArray() => (float[])Data.Clone();

    /// <summary>A copy that shares nothing and records nothing.</summary>
    public Tensor Clone()
    {
        var t = Empty(Shape);
        Data.AsSpan().CopyTo(t.Data);
        return t;
    }

    /// <summary>Marks the buffer so a <see cref="TensorScope"/> ending does not reclaim it.</summary>
    internal void MarkKept() => storage.Kept = true;

    /// <summary>The same values, cut from the graph: gradients never flow through the result. Shares storage.</summary>
    public Tensor Detach() => new(shape, storage.Share());

    /// <summary>
    /// The same elements seen with another shape (one dimension may be -1). Shares storage, like
    /// PyTorch's <c>view</c> on a contiguous tensor; gradients flow back reshaped.
    /// </summary>
    public Tensor Reshape(params ReadOnlySpan<int> shape)
    {
        var resolved = ShapeMath.ResolveReshape(shape, Numel, Shape);
        var y = new Tensor(resolved, storage.Share());
        return Autograd.Record("reshape", y, [this], gy => this.AccumulateGrad(gy.Reshape(this.shape)));
    }

    // ---------------------------------------------------------------- gradients

    /// <summary>
    /// Back-propagates from this scalar: afterwards every leaf that requires a gradient and
    /// influenced this value holds d(this)/d(leaf) in <see cref="Grad"/>, added to what was there.
    /// </summary>
    public void Backward()
    {
        if (Numel != 1) throw new InvalidOperationException($"Backward() without a gradient needs a scalar, got shape {ShapeMath.Format(Shape)}.");
        Backward(Ones(Shape));
    }

    /// <summary>Back-propagates <paramref name="gradient"/> (same shape as this tensor) through the recorded graph.</summary>
    public void Backward(Tensor gradient) => Autograd.RunBackward(this, gradient);

    /// <summary>Adds <paramref name="gradient"/> into <see cref="Grad"/> when this tensor requires one.</summary>
    internal void AccumulateGrad(Tensor gradient)
    {
        if (!RequiresGrad) return;
        if (!ShapeMath.SameShape(gradient.Shape, Shape))
            throw new InvalidOperationException($"Gradient shape {ShapeMath.Format(gradient.Shape)} does not match tensor shape {ShapeMath.Format(Shape)}.");
        if (Grad is null && !IsLeaf && (gradient.storage.IsSoleTemporaryOf(Autograd.RunningNodeScope)
            || (gradient.storage.IsSolePooled && Autograd.TryHandOverIncoming(gradient))))
        {
            // A temporary that the running node's backward made, or that node's own incoming gradient
            // passed on unchanged, and no other tensor shares it: adopt it instead of copying it.
            // Another input handed the same tensor finds it kept (or handed over) by now and copies
            // it. The buffer goes back to the pool once this tensor's own node has read it, as a copy
            // would. (The caller's seed gradient of Backward is never adopted.)
            gradient.MarkKept();
            Grad = gradient;
            return;
        }
        if (Grad is null)
        {
            // Copy: the incoming tensor may be shared with another input's gradient. A leaf's
            // gradient outlives the pass and lives on the GC heap. An intermediate's comes from the
            // pool; it must outlive the scope of the node backward that produced it, and
            // Autograd.RunBackward hands it back once its own node has consumed it.
            if (IsLeaf) Grad = FromArray(new float[Numel], Shape);
            else
            {
                Grad = Empty(Shape);
                Grad.MarkKept();
            }
            LayoutKernels.CopyRows(gradient.Data, 0, Numel, Grad.Data, 0, Numel, count: 1, rowLength: Numel);
            return;
        }
        // The whole tensor as one row, which the row kernel cuts into pieces for the cores.
        LayoutKernels.AddRows(gradient.Data, 0, Numel, Grad.Data, 0, Numel, count: 1, rowLength: Numel);
    }

    // ---------------------------------------------------------------- lifetime

    /// <summary>
    /// Gives this tensor's buffer back to the <see cref="BufferPool"/> when it came from there and
    /// no other tensor shares it. Only inference code calls this, to keep memory flat at high
    /// resolution; the tensor must not be used afterwards.
    /// </summary>
    public void Dispose()
    {
        storage.Release();
        storage = Storage.Released;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder("Tensor").Append(ShapeMath.Format(Shape));
        if (IsDisposed) return sb.Append(" (disposed)").ToString();
        if (RequiresGrad) sb.Append(" requires_grad");
        int shown = Math.Min(Numel, 8);
        sb.Append(" [");
        for (int i = 0; i < shown; i++) sb.Append(i == 0 ? "" : ", ").Append(Data[i].ToString("G5", System.Globalization.CultureInfo.InvariantCulture));
        if (Numel > shown) sb.Append(", …");
        return sb.Append(']').ToString();
    }
}
