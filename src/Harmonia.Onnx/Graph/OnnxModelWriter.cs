using Harmonia.Onnx.Protobuf;

namespace Harmonia.Onnx.Graph;

/// <summary>
/// Serializes an <see cref="OnnxModel"/> as an ONNX file: one protobuf <c>ModelProto</c>. The field
/// numbers below are those of the ONNX specification's onnx.proto.
/// </summary>
public static class OnnxModelWriter
{
    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/>.</summary>
    public static void Write(OnnxModel model, Stream stream) => Encode(model).WriteTo(stream);

    /// <summary>The encoded model as bytes.</summary>
    public static byte[] ToBytes(OnnxModel model) => Encode(model).ToArray();

    private static ProtobufWriter Encode(OnnxModel model)
    {
        var w = new ProtobufWriter();
        // ModelProto: ir_version 1, producer_name 2, producer_version 3, doc_string 6, graph 7, opset_import 8, metadata_props 14.
        w.Int64(1, OnnxModel.IrVersion);
        w.String(2, model.ProducerName);
        w.String(3, model.ProducerVersion);
        w.String(6, model.Description);
        w.Message(7, g => Graph(g, model.Graph));
        // OperatorSetIdProto: domain 1 (empty: the default ONNX domain), version 2.
        w.Message(8, o => o.Int64(2, model.OpsetVersion));
        foreach (var (key, value) in model.Metadata)
            w.Message(14, e => { e.String(1, key); e.String(2, value); });     // StringStringEntryProto
        return w;
    }

    private static void Graph(ProtobufWriter w, OnnxGraph graph)
    {
        // GraphProto: node 1, name 2, initializer 5, input 11, output 12.
        foreach (var node in graph.Nodes) w.Message(1, n => Node(n, node));
        w.String(2, graph.Name);
        foreach (var tensor in graph.Initializers) w.Message(5, t => Tensor(t, tensor));
        foreach (var input in graph.Inputs) w.Message(11, v => ValueInfo(v, input));
        foreach (var output in graph.Outputs) w.Message(12, v => ValueInfo(v, output));
    }

    private static void Node(ProtobufWriter w, OnnxNode node)
    {
        // NodeProto: input 1, output 2, name 3, op_type 4, attribute 5.
        foreach (var input in node.Inputs) w.String(1, input);
        foreach (var output in node.Outputs) w.String(2, output);
        w.String(3, node.Name);
        w.String(4, node.OpType);
        foreach (var attribute in node.Attributes) w.Message(5, a => Attribute(a, attribute));
    }

    private static void Attribute(ProtobufWriter w, OnnxAttribute attribute)
    {
        // AttributeProto: name 1, f 2, i 3, s 4, ints 8, type 20 (FLOAT 1, INT 2, STRING 3, INTS 7).
        w.String(1, attribute.Name);
        if (attribute.FloatValue is { } f) { w.Float(2, f); w.Int64(20, 1); }
        else if (attribute.IntValue is { } i) { w.Int64(3, i); w.Int64(20, 2); }
        else if (attribute.TextValue is { } s) { w.String(4, s); w.Int64(20, 3); }
        else if (attribute.IntsValue is { } ints) { foreach (long v in ints) w.Int64(8, v); w.Int64(20, 7); }
        else throw new InvalidOperationException($"attribute {attribute.Name} has no value");
    }

    private static void Tensor(ProtobufWriter w, OnnxTensor tensor)
    {
        // TensorProto: dims 1, data_type 2, name 8, raw_data 9.
        if (tensor.Dims.Length > 0) w.PackedInt64(1, tensor.Dims);     // a scalar has no dims
        w.Int64(2, (long)tensor.ElementType);
        w.String(8, tensor.Name);
        w.Bytes(9, tensor.RawData);
    }

    private static void ValueInfo(ProtobufWriter w, OnnxValueInfo info)
    {
        // ValueInfoProto: name 1, type 2, doc_string 3. TypeProto: tensor_type 1.
        // TypeProto.Tensor: elem_type 1, shape 2. TensorShapeProto: dim 1; Dimension: dim_value 1, dim_param 2.
        w.String(1, info.Name);
        w.Message(2, type => type.Message(1, tensor =>
        {
            tensor.Int64(1, (long)info.ElementType);
            tensor.Message(2, shape =>
            {
                foreach (var dim in info.Dims)
                    shape.Message(1, d =>
                    {
                        if (dim.Size is { } size) d.Int64(1, size);
                        else d.String(2, dim.Symbol ?? throw new InvalidOperationException($"{info.Name}: a dimension has neither a size nor a symbol"));
                    });
            });
        }));
        w.String(3, info.Description);
    }
}
