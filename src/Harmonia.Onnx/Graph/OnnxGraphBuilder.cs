using System.Globalization;

namespace Harmonia.Onnx.Graph;

/// <summary>A value in a graph under construction: the output of a node, an input or a constant.</summary>
/// <param name="Name">Its unique name in the graph.</param>
public readonly record struct OnnxValue(string Name);

/// <summary>
/// Builds an <see cref="OnnxGraph"/> node by node. Nodes are named after the current
/// <see cref="Scope"/> (the network's own parameter prefixes, such as <c>model_layer3</c>), so a
/// viewer shows where each one belongs. Small constants (shapes, axes, scalars) are shared.
/// The operator helpers are in <see cref="OnnxOps"/>.
/// </summary>
public sealed class OnnxGraphBuilder
{
    private readonly List<OnnxNode> nodes = [];
    private readonly List<OnnxTensor> initializers = [];
    private readonly List<OnnxValueInfo> inputs = [];
    private readonly List<OnnxValueInfo> outputs = [];
    private readonly HashSet<string> names = [];
    private readonly Dictionary<string, OnnxValue> sharedConstants = [];
    private int counter;

    /// <summary>The prefix of the next nodes' names; set it with <see cref="EnterScope"/>.</summary>
    public string Scope { get; private set; } = "";

    /// <summary>Names the following nodes <c>scope/…</c> until the returned handle is disposed.</summary>
    public IDisposable EnterScope(string scope)
    {
        var previous = Scope;
        Scope = previous.Length == 0 ? scope : previous + "/" + scope;
        return new ScopeExit(this, previous);
    }

    /// <summary>Declares a graph input.</summary>
    public OnnxValue Input(string name, OnnxElementType type, IReadOnlyList<OnnxDim> dims, string description)
    {
        Claim(name);
        inputs.Add(new OnnxValueInfo(name, type, dims, description));
        return new OnnxValue(name);
    }

    /// <summary>Declares <paramref name="value"/> as the graph output <paramref name="name"/>.</summary>
    public void Output(OnnxValue value, string name, OnnxElementType type, IReadOnlyList<OnnxDim> dims, string description)
    {
        Claim(name);
        nodes.Add(new OnnxNode("Identity", name, [value.Name], [name], []));
        outputs.Add(new OnnxValueInfo(name, type, dims, description));
    }

    /// <summary>Adds a constant tensor under its own name (weights keep the network's parameter names).</summary>
    public OnnxValue Constant(OnnxTensor tensor)
    {
        Claim(tensor.Name);
        initializers.Add(tensor);
        return new OnnxValue(tensor.Name);
    }

    /// <summary>A float constant of the given shape, named after the current scope.</summary>
    public OnnxValue Floats(string name, ReadOnlySpan<float> values, params long[] dims)
        => Constant(OnnxTensor.FromFloats(Unique(name), values, dims));

    /// <summary>A 1-D int64 constant (a shape, axes, indices); equal ones are shared.</summary>
    public OnnxValue Int64s(params long[] values)
    {
        var key = "i64:" + string.Join(",", values);
        if (sharedConstants.TryGetValue(key, out var existing)) return existing;
        var value = Constant(OnnxTensor.FromInt64s(Unique("const_i64"), values, values.Length));
        sharedConstants[key] = value;
        return value;
    }

    /// <summary>A 1-D int64 constant holding an index table; not shared, named after the scope.</summary>
    public OnnxValue Indices(string name, ReadOnlySpan<long> values)
        => Constant(OnnxTensor.FromInt64s(Unique(name), values, values.Length));

    /// <summary>A float scalar (rank 0) that broadcasts against anything; equal ones are shared.</summary>
    public OnnxValue Scalar(float value)
    {
        var key = "f32:" + BitConverter.SingleToInt32Bits(value).ToString(CultureInfo.InvariantCulture);
        if (sharedConstants.TryGetValue(key, out var existing)) return existing;
        var created = Constant(OnnxTensor.FromFloats(Unique("const_f32"), [value]));
        sharedConstants[key] = created;
        return created;
    }

    /// <summary>Adds a node with one output.</summary>
    public OnnxValue Node(string opType, IReadOnlyList<OnnxValue> nodeInputs, params OnnxAttribute[] attributes)
        => Node(opType, nodeInputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputCount"/> outputs. An empty input name stands for an omitted optional input.</summary>
    public OnnxValue[] Node(string opType, IReadOnlyList<OnnxValue> nodeInputs, int outputCount, params OnnxAttribute[] attributes)
    {
        foreach (var input in nodeInputs)
            if (input.Name.Length > 0 && !names.Contains(input.Name))
                throw new InvalidOperationException($"{opType} in {Scope}: input '{input.Name}' is not defined yet");
        string name = Unique(opType);
        var results = new OnnxValue[outputCount];
        for (int i = 0; i < outputCount; i++)
        {
            results[i] = new OnnxValue(outputCount == 1 ? name : $"{name}:{i}");
            Claim(results[i].Name);
        }
        nodes.Add(new OnnxNode(opType, name, nodeInputs.Select(v => v.Name).ToArray(), results.Select(v => v.Name).ToArray(), attributes));
        return results;
    }

    /// <summary>The finished graph.</summary>
    public OnnxGraph Build(string graphName)
    {
        if (outputs.Count == 0) throw new InvalidOperationException("the graph has no outputs");
        return new OnnxGraph(graphName, nodes.ToArray(), initializers.ToArray(), inputs.ToArray(), outputs.ToArray());
    }

    private string Unique(string stem)
    {
        string baseName = Scope.Length == 0 ? stem : Scope + "/" + stem;
        string name;
        do name = $"{baseName}_{counter++}"; while (names.Contains(name));
        return name;
    }

    private void Claim(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("graph values need a name");
        if (!names.Add(name)) throw new ArgumentException($"the graph already has a value named '{name}'");
    }

    private sealed class ScopeExit(OnnxGraphBuilder builder, string previous) : IDisposable
    {
        public void Dispose() => builder.Scope = previous;
    }
}
