using Harmonia.Onnx.Graph;
using Harmonia.Tensors;

namespace Harmonia.Onnx.Export;

/// <summary>
/// A network's parameters and buffers by their state_dict names, added to the graph as
/// initializers of the same names the first time a node needs them.
/// </summary>
internal sealed class NetworkWeights(OnnxGraphBuilder graph, IReadOnlyDictionary<string, Tensor> state)
{
    private readonly Dictionary<string, OnnxValue> added = [];

    /// <summary>The tensor <paramref name="key"/> as stored.</summary>
    public OnnxValue this[string key] => Get(key, null, null);

    /// <summary>The tensor <paramref name="key"/> with the shape <paramref name="dims"/> (same element count), e.g. a per-channel vector as [1, C, 1, 1].</summary>
    public OnnxValue Reshaped(string key, params long[] dims) => Get(key, dims, null);

    /// <summary>
    /// A constant derived from <paramref name="key"/> elementwise (such as 1 + γ), named
    /// <c>key:suffix</c> and computed once here instead of at every run.
    /// </summary>
    public OnnxValue Derived(string key, string suffix, Func<float, float> map, params long[] dims) => Get(key, dims, (suffix, map));

    /// <summary>Element <paramref name="index"/> of the vector <paramref name="key"/> as a scalar constant (a learned mixing weight).</summary>
    public OnnxValue Element(string key, int index)
    {
        string name = $"{key}:{index}";
        if (!added.TryGetValue(name, out var value))
        {
            value = graph.Constant(OnnxTensor.FromFloats(name, [Raw(key).Data[index]]));
            added[name] = value;
        }
        return value;
    }

    /// <summary>The values of <paramref name="key"/>, for shapes and scalars decided at export time.</summary>
    public Tensor Raw(string key)
        => state.TryGetValue(key, out var tensor) ? tensor : throw new KeyNotFoundException($"the weights have no tensor '{key}'");

    private OnnxValue Get(string key, long[]? dims, (string Suffix, Func<float, float> Map)? derivation)
    {
        string name = derivation is { } d ? $"{key}:{d.Suffix}" : dims is null ? key : $"{key}:{string.Join("x", dims)}";
        if (added.TryGetValue(name, out var existing)) return existing;
        var tensor = Raw(key);
        var values = tensor.ToArray();
        if (derivation is { } derive) for (int i = 0; i < values.Length; i++) values[i] = derive.Map(values[i]);
        var value = graph.Constant(OnnxTensor.FromFloats(name, values, dims ?? tensor.Shape.ToArray().Select(s => (long)s).ToArray()));
        added[name] = value;
        return value;
    }
}
