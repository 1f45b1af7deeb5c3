using Harmonia.NN.Serialization;
using Harmonia.Tensors;

namespace Harmonia.NN;

/// <summary>
/// A building block with named parameters, buffers and child modules, like PyTorch's
/// <c>nn.Module</c>. Names compose with dots exactly as in PyTorch's <c>state_dict</c>
/// (<c>model_layer1.1.weight</c>), so checkpoints written by PyTorch load with no renaming.
/// </summary>
/// <remarks>
/// Subclasses register everything in their constructor, in the order the PyTorch module
/// does, and expose their own <c>Forward</c> with whatever inputs they need.
/// </remarks>
public abstract class Module
{
    private readonly List<(string Name, Tensor Tensor)> parameters = [];
    private readonly List<(string Name, Tensor Tensor)> buffers = [];
    private readonly List<(string Name, Module Module)> children = [];

    /// <summary>True in training mode (batch statistics in BatchNorm); set by <see cref="Train"/> and <see cref="Eval"/>.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Registers a trainable tensor under <paramref name="name"/> and marks it as requiring a gradient.</summary>
    protected Tensor RegisterParameter(string name, Tensor tensor)
    {
        CheckName(name);
        tensor.RequiresGrad = true;
        parameters.Add((name, tensor));
        return tensor;
    }

    /// <summary>Registers a non-trainable tensor that is saved with the weights (running statistics).</summary>
    protected Tensor RegisterBuffer(string name, Tensor tensor)
    {
        CheckName(name);
        buffers.Add((name, tensor));
        return tensor;
    }

    /// <summary>Registers a child whose names are prefixed with <paramref name="name"/> and a dot.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        children.Add((name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"Invalid member name '{name}': it must be non-empty and contain no dot.");
        if (parameters.Any(p => p.Name == name) || buffers.Any(b => b.Name == name) || children.Any(c => c.Name == name))
            throw new ArgumentException($"'{name}' is registered twice in {GetType().Name}.");
    }

    /// <summary>This module and all its descendants, depth first.</summary>
    public IEnumerable<Module> Modules()
    {
        yield return this;
        foreach (var (_, child) in children)
            foreach (var m in child.Modules()) yield return m;
    }

    /// <summary>Direct children in registration order.</summary>
    public IEnumerable<(string Name, Module Module)> Children => children;

    /// <summary>Every parameter of this module and its descendants, with dotted names, in PyTorch's order.</summary>
    public IEnumerable<(string Name, Tensor Tensor)> NamedParameters(string prefix = "")
    {
        foreach (var (name, t) in parameters) yield return (prefix + name, t);
        foreach (var (name, child) in children)
            foreach (var p in child.NamedParameters(prefix + name + ".")) yield return p;
    }

    /// <summary>Every buffer of this module and its descendants, with dotted names.</summary>
    public IEnumerable<(string Name, Tensor Tensor)> NamedBuffers(string prefix = "")
    {
        foreach (var (name, t) in buffers) yield return (prefix + name, t);
        foreach (var (name, child) in children)
            foreach (var b in child.NamedBuffers(prefix + name + ".")) yield return b;
    }

    /// <summary>The parameters alone, for an optimizer.</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Tensor);

    /// <summary>
    /// Parameters and buffers with their state_dict names, in the order PyTorch's
    /// <c>state_dict()</c> lists them: each module's parameters, then its buffers, then its children.
    /// </summary>
    public IEnumerable<(string Name, Tensor Tensor)> StateEntries(string prefix = "")
    {
        foreach (var (name, t) in parameters) yield return (prefix + name, t);
        foreach (var (name, t) in buffers) yield return (prefix + name, t);
        foreach (var (name, child) in children)
            foreach (var e in child.StateEntries(prefix + name + ".")) yield return e;
    }

    /// <summary>The number of parameter elements, as PyTorch's <c>sum(p.numel() for p in parameters())</c>.</summary>
    public long ParameterCount() => NamedParameters().Sum(p => (long)p.Tensor.Numel);

    /// <summary>
    /// Copies values from a state_dict into this module's parameters and buffers. Every entry
    /// the module has must be present with the same shape, and no extra entry may remain:
    /// the error lists what is missing, unexpected or mis-shaped.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, string source = "state_dict")
    {
        var own = StateEntries().ToList();
        var missing = own.Where(e => !state.ContainsKey(e.Name)).Select(e => e.Name).ToList();
        var ownNames = own.Select(e => e.Name).ToHashSet();
        var unexpected = state.Keys.Where(k => !ownNames.Contains(k)).ToList();
        var misShaped = own.Where(e => state.TryGetValue(e.Name, out var t) && !ShapesCompatible(t.Shape, e.Tensor.Shape))
            .Select(e => $"{e.Name} (expected {ShapeMath.Format(e.Tensor.Shape)}, found {ShapeMath.Format(state[e.Name].Shape)})").ToList();
        if (missing.Count + unexpected.Count + misShaped.Count > 0)
        {
            var problems = new List<string>();
            if (missing.Count > 0) problems.Add($"missing {Summarize(missing)}");
            if (unexpected.Count > 0) problems.Add($"unexpected {Summarize(unexpected)}");
            if (misShaped.Count > 0) problems.Add($"wrong shape {Summarize(misShaped)}");
            throw new InvalidDataException($"{source} does not fit {GetType().Name}: {string.Join("; ", problems)}.");
        }
        foreach (var (name, tensor) in own) state[name].Data.AsSpan().CopyTo(tensor.Data);
    }

    /// <summary>Equal shapes, or two single values (PyTorch's 0-d counters are written as [1] by some exporters).</summary>
    private static bool ShapesCompatible(ReadOnlySpan<int> found, ReadOnlySpan<int> expected)
        => ShapeMath.SameShape(found, expected) || (ShapeMath.Numel(found) == 1 && ShapeMath.Numel(expected) == 1);

    /// <summary>Loads a checkpoint's tensors (see <see cref="LoadStateDict(IReadOnlyDictionary{string, Tensor}, string)"/>).</summary>
    public void LoadStateDict(StateDict state, string source)
        => LoadStateDict(state.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal), source);

    /// <summary>
    /// A copy of the parameters and buffers as a state_dict, in PyTorch's order. BatchNorm's
    /// <c>num_batches_tracked</c> is marked int64 so writers store it as PyTorch does.
    /// </summary>
    public StateDict ToStateDict()
    {
        var state = new StateDict();
        foreach (var (name, tensor) in StateEntries())
        {
            var copy = Tensor.FromArray(tensor.ToArray(), tensor.Shape);
            state.Add(name, copy, name.EndsWith("num_batches_tracked", StringComparison.Ordinal) ? CheckpointDType.Int64 : CheckpointDType.Float32);
        }
        return state;
    }

    private static string Summarize(List<string> names)
        => names.Count <= 5 ? string.Join(", ", names) : string.Join(", ", names.Take(5)) + $" and {names.Count - 5} more";

    /// <summary>Switches this module and its descendants to training mode.</summary>
    public void Train() => SetTraining(true);

    /// <summary>Switches this module and its descendants to evaluation mode.</summary>
    public void Eval() => SetTraining(false);

    private void SetTraining(bool training)
    {
        Training = training;
        foreach (var (_, child) in children) child.SetTraining(training);
    }

    /// <summary>Clears the gradients of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.Grad = null;
    }
}

/// <summary>A module with one input and one output, which is what <see cref="Sequential"/> chains.</summary>
public abstract class Layer : Module
{
    /// <summary>Computes the layer's output.</summary>
    public abstract Tensor Forward(Tensor x);
}
