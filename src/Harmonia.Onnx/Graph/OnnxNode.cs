namespace Harmonia.Onnx.Graph;

/// <summary>
/// A node attribute. Exactly one of the value fields is set, as ONNX requires; build them with
/// the factory methods.
/// </summary>
public sealed record OnnxAttribute
{
    private OnnxAttribute(string name) => Name = name;

    /// <summary>The attribute's name, e.g. <c>strides</c>.</summary>
    public string Name { get; }
    /// <summary>A single integer, or null.</summary>
    public long? IntValue { get; private init; }
    /// <summary>A single float, or null.</summary>
    public float? FloatValue { get; private init; }
    /// <summary>A list of integers, or null.</summary>
    public IReadOnlyList<long>? IntsValue { get; private init; }
    /// <summary>A string, or null.</summary>
    public string? TextValue { get; private init; }

    /// <summary>An integer attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new(name) { IntValue = value };
    /// <summary>A float attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new(name) { FloatValue = value };
    /// <summary>An integer-list attribute (also for one element: ONNX tells INT and INTS apart).</summary>
    public static OnnxAttribute Ints(string name, params long[] values) => new(name) { IntsValue = values };
    /// <summary>A string attribute.</summary>
    public static OnnxAttribute Text(string name, string value) => new(name) { TextValue = value };
}

/// <summary>One operator application: <paramref name="OpType"/> of the default ONNX domain, reading and writing named values.</summary>
/// <param name="OpType">The operator, e.g. <c>Conv</c>.</param>
/// <param name="Name">A unique node name that says where in the network the node belongs.</param>
/// <param name="Inputs">Input value names, in the operator's order.</param>
/// <param name="Outputs">Output value names.</param>
/// <param name="Attributes">The attributes.</param>
public sealed record OnnxNode(string OpType, string Name, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyList<OnnxAttribute> Attributes);

/// <summary>A computation graph: nodes in topological order, constants, inputs and outputs.</summary>
/// <param name="Name">The graph's name.</param>
/// <param name="Nodes">The nodes, each after the nodes whose outputs it reads.</param>
/// <param name="Initializers">The constants.</param>
/// <param name="Inputs">The values the caller feeds.</param>
/// <param name="Outputs">The values the caller gets back.</param>
public sealed record OnnxGraph(string Name, IReadOnlyList<OnnxNode> Nodes, IReadOnlyList<OnnxTensor> Initializers, IReadOnlyList<OnnxValueInfo> Inputs, IReadOnlyList<OnnxValueInfo> Outputs);

/// <summary>A whole ONNX model: a graph, the operator set it is written for, and descriptive metadata.</summary>
/// <param name="Graph">The graph.</param>
/// <param name="OpsetVersion">The default-domain operator set version the nodes follow.</param>
/// <param name="ProducerName">The program that wrote the model.</param>
/// <param name="ProducerVersion">That program's version.</param>
/// <param name="Description">A human-readable description (the model's doc_string).</param>
/// <param name="Metadata">Key-value metadata (metadata_props), e.g. the model spec.</param>
public sealed record OnnxModel(OnnxGraph Graph, int OpsetVersion, string ProducerName, string ProducerVersion, string Description, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>
    /// The ONNX IR version written: 8, the one that came with operator set 17, so that runtimes
    /// from that release on read the file.
    /// </summary>
    public const long IrVersion = 8;
}
