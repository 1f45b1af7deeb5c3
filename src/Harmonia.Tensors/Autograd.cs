namespace Harmonia.Tensors;

/// <summary>
/// One recorded op: the tensors it read and a function that, given the gradient of its output,
/// adds the gradients of its inputs (through <see cref="Tensor.AccumulateGrad"/>).
/// </summary>
internal sealed class GradNode(string op, Tensor[] inputs, Action<Tensor> backward)
{
    public string Op { get; } = op;
    public Tensor[] Inputs { get; } = inputs;
    public Action<Tensor> Backward { get; } = backward;
}

/// <summary>
/// Define-by-run automatic differentiation. Ops call <see cref="Record"/> after computing their
/// output; <see cref="Tensor.Backward()"/> walks the records in reverse topological order.
/// Gradients are computed in no-grad mode, so backward passes record nothing themselves.
/// </summary>
public static class Autograd
{
    [ThreadStatic] private static int disabledDepth;
    [ThreadStatic] private static TensorScope? runningNodeScope;

    /// <summary>
    /// The scope of the node whose backward is running on this thread (null outside one): a gradient
    /// made there that nothing else shares can be adopted rather than copied (<see cref="Tensor.AccumulateGrad"/>).
    /// </summary>
    internal static TensorScope? RunningNodeScope => runningNodeScope;

    [ThreadStatic] private static Tensor? runningIncoming;

    /// <summary>
    /// Whether <paramref name="gradient"/> is the incoming gradient of the node whose backward is running on
    /// this thread, not yet handed over; if so it is handed over now, once only: the input that takes it
    /// adopts it as its own gradient, and the node does not give it back to the pool (an add's or a
    /// view's backward passes its incoming gradient on unchanged, and a copy would be wasted).
    /// </summary>
    internal static bool TryHandOverIncoming(Tensor gradient)
    {
        if (!ReferenceEquals(gradient, runningIncoming)) return false;
        runningIncoming = null;
        return true;
    }

    /// <summary>Whether ops on this thread record the graph.</summary>
    public static bool IsEnabled => disabledDepth == 0;

    /// <summary>
    /// A scope in which nothing is recorded and tensors draw buffers from the
    /// <see cref="BufferPool"/>: use it for inference. <c>using var _ = Autograd.NoGrad();</c>
    /// </summary>
    public static IDisposable NoGrad() => new NoGradScope();

    private sealed class NoGradScope : IDisposable
    {
        private bool disposed;
        public NoGradScope() => disabledDepth++;
        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            disabledDepth--;
        }
    }

    /// <summary>
    /// Marks <paramref name="output"/> as produced by <paramref name="op"/> from <paramref name="inputs"/>.
    /// Nothing is kept when gradients are off or no input requires a gradient.
    /// </summary>
    internal static Tensor Record(string op, Tensor output, Tensor[] inputs, Action<Tensor> backward)
    {
        if (!IsEnabled) return output;
        bool any = false;
        foreach (var t in inputs) any |= t.RequiresGrad;
        if (!any) return output;
        output.RequiresGrad = true;
        output.Node = new GradNode(op, inputs, backward);
        return output;
    }

    /// <summary>
    /// Records a custom op defined outside the engine: <paramref name="output"/> was computed from
    /// <paramref name="inputs"/>, and <paramref name="backward"/> maps the output's gradient to one
    /// gradient per input (null where an input gets none). Use it for fused kernels whose
    /// composed-op equivalent would keep many full-size intermediates for the backward pass.
    /// </summary>
    public static Tensor Function(string op, Tensor output, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
        => Record(op, output, inputs, gy =>
        {
            var grads = backward(gy);
            if (grads.Length != inputs.Length) throw new InvalidOperationException($"{op}: backward returned {grads.Length} gradients for {inputs.Length} inputs.");
            for (int i = 0; i < inputs.Length; i++)
                if (grads[i] is { } g) inputs[i].AccumulateGrad(g);
        });

    internal static void RunBackward(Tensor root, Tensor gradient)
    {
        if (!root.RequiresGrad) throw new InvalidOperationException("Backward() on a tensor that does not require a gradient: nothing it depends on has RequiresGrad set.");
        if (!ShapeMath.SameShape(root.Shape, gradient.Shape))
            throw new ArgumentException($"The seed gradient has shape {ShapeMath.Format(gradient.Shape)}, the tensor {ShapeMath.Format(root.Shape)}.");

        var order = TopologicalOrder(root);
        using var _ = NoGrad();
        root.AccumulateGrad(gradient);
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var t = order[i];
            if (t.Node is null || t.Grad is null) continue;
            // The temporaries of one node's backward die with it (the gradients it passes on are
            // kept, see Tensor.AccumulateGrad), and the node's incoming gradient is not needed
            // once passed on: both go back to the pool at once (a gradient only when no view of it
            // is alive), so the backward pass holds the live frontier, not the whole graph.
            bool handedOver;
            using (var scope = TensorScope.Begin())
            {
                runningNodeScope = scope;
                runningIncoming = t.Grad;
                try { t.Node.Backward(t.Grad); }
                finally
                {
                    handedOver = runningIncoming is null;
                    runningNodeScope = null;
                    runningIncoming = null;
                }
            }
            if (!handedOver) t.Grad.Dispose();
            t.Grad = null;
        }
    }

    /// <summary>Tensors reachable from <paramref name="root"/>, each after everything it depends on.</summary>
    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        // Iterative DFS: graphs of deep models would overflow a recursive one.
        var stack = new Stack<(Tensor Tensor, int NextInput)>();
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (t, next) = stack.Pop();
            var inputs = t.Node?.Inputs ?? [];
            if (next < inputs.Length)
            {
                stack.Push((t, next + 1));
                var child = inputs[next];
                if (child.RequiresGrad && visited.Add(child)) stack.Push((child, 0));
            }
            else order.Add(t);
        }
        return order;
    }
}
