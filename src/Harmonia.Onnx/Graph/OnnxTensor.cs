using Harmonia.Onnx.Protobuf;

namespace Harmonia.Onnx.Graph;

/// <summary>The element types Harmonia's graphs use, with their ONNX <c>TensorProto.DataType</c> codes.</summary>
public enum OnnxElementType
{
    /// <summary>32-bit float.</summary>
    Float = 1,
    /// <summary>64-bit signed integer (shapes, axes, indices).</summary>
    Int64 = 7,
    /// <summary>Boolean.</summary>
    Bool = 9,
}

/// <summary>A constant tensor stored in the model (an initializer): weights, shapes, index tables.</summary>
/// <param name="Name">The value name nodes refer to.</param>
/// <param name="ElementType">The element type.</param>
/// <param name="Dims">The shape.</param>
/// <param name="RawData">The elements, row-major, little-endian (ONNX's raw_data layout).</param>
public sealed record OnnxTensor(string Name, OnnxElementType ElementType, long[] Dims, byte[] RawData)
{
    /// <summary>A float tensor of shape <paramref name="dims"/>.</summary>
    public static OnnxTensor FromFloats(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        CheckCount(name, values.Length, dims);
        return new(name, OnnxElementType.Float, dims, ProtobufWriter.LittleEndianBytes(values));
    }

    /// <summary>An int64 tensor of shape <paramref name="dims"/>.</summary>
    public static OnnxTensor FromInt64s(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        CheckCount(name, values.Length, dims);
        return new(name, OnnxElementType.Int64, dims, ProtobufWriter.LittleEndianBytes(values));
    }

    private static void CheckCount(string name, int count, long[] dims)
    {
        long expected = dims.Aggregate(1L, (a, d) => a * d);
        if (expected != count) throw new ArgumentException($"initializer {name}: {count} values do not fill shape [{string.Join(", ", dims)}]");
    }
}

/// <summary>
/// One dimension of a graph input or output: a fixed size, or a named symbol that the runtime
/// binds when the model runs (such as the batch size).
/// </summary>
public readonly record struct OnnxDim(long? Size, string? Symbol)
{
    /// <summary>A fixed dimension.</summary>
    public static OnnxDim Fixed(long size) => new(size, null);
    /// <summary>A dimension chosen when the model runs, named <paramref name="symbol"/>.</summary>
    public static OnnxDim Dynamic(string symbol) => new(null, symbol);

    /// <inheritdoc/>
    public override string ToString() => Size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Symbol ?? "?";
}

/// <summary>A graph input or output: its name, element type, shape and description.</summary>
public sealed record OnnxValueInfo(string Name, OnnxElementType ElementType, IReadOnlyList<OnnxDim> Dims, string Description);
