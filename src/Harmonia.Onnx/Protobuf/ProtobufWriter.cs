using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Harmonia.Onnx.Protobuf;

/// <summary>
/// Encodes protocol-buffer messages (proto2 wire format): varints, fixed 32-bit floats and
/// length-delimited fields. ONNX files are one <c>ModelProto</c> message, so this is all the
/// writer needs.
/// </summary>
/// <remarks>
/// The encoded message is kept as a list of chunks, and a nested message is appended as its
/// chunks after its length prefix, so the weights of a model are never copied once per
/// nesting level (tensor, graph, model).
/// </remarks>
internal sealed class ProtobufWriter
{
    private const int WireVarint = 0, WireLengthDelimited = 2, WireFixed32 = 5;
    private readonly List<ReadOnlyMemory<byte>> chunks = [];
    private readonly MemoryStream pending = new();

    /// <summary>The encoded length in bytes.</summary>
    public long Length => chunks.Sum(c => (long)c.Length) + pending.Length;

    /// <summary>An int64 (or enum, or int32) field as a varint; negative values take ten bytes, as protobuf specifies.</summary>
    public void Int64(int field, long value)
    {
        Tag(field, WireVarint);
        Varint((ulong)value);
    }

    /// <summary>A float field, as fixed 32 bits, little-endian.</summary>
    public void Float(int field, float value)
    {
        Tag(field, WireFixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        pending.Write(bytes);
    }

    /// <summary>A string field, UTF-8.</summary>
    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A bytes field. The array is kept by reference until <see cref="WriteTo"/>; do not change it meanwhile.</summary>
    public void Bytes(int field, byte[] value)
    {
        Tag(field, WireLengthDelimited);
        Varint((ulong)value.Length);
        Append(value);
    }

    /// <summary>A packed repeated int64 field.</summary>
    public void PackedInt64(int field, IReadOnlyList<long> values)
    {
        var body = new ProtobufWriter();
        foreach (long v in values) body.Varint((ulong)v);
        Message(field, body);
    }

    /// <summary>A packed repeated float field.</summary>
    public void PackedFloat(int field, IReadOnlyList<float> values)
    {
        var bytes = new byte[values.Count * 4];
        for (int i = 0; i < values.Count; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        Bytes(field, bytes);
    }

    /// <summary>A nested message field, encoded by <paramref name="write"/>.</summary>
    public void Message(int field, Action<ProtobufWriter> write)
    {
        var body = new ProtobufWriter();
        write(body);
        Message(field, body);
    }

    /// <summary>Writes the encoded message to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        foreach (var chunk in chunks) stream.Write(chunk.Span);
        stream.Write(pending.GetBuffer(), 0, (int)pending.Length);
    }

    /// <summary>The encoded message as one array (for tests and small messages).</summary>
    public byte[] ToArray()
    {
        using var buffer = new MemoryStream();
        WriteTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Little-endian bytes of <paramref name="values"/>, the layout of ONNX's raw_data.</summary>
    public static byte[] LittleEndianBytes(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * 4];
        if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(values).CopyTo(bytes);
        else for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    /// <summary>Little-endian bytes of <paramref name="values"/>, the layout of ONNX's raw_data.</summary>
    public static byte[] LittleEndianBytes(ReadOnlySpan<long> values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), values[i]);
        return bytes;
    }

    private void Message(int field, ProtobufWriter body)
    {
        Tag(field, WireLengthDelimited);
        Varint((ulong)body.Length);
        Flush();
        chunks.AddRange(body.chunks);
        if (body.pending.Length > 0) chunks.Add(body.pending.ToArray());
    }

    private void Tag(int field, int wireType)
    {
        if (field < 1 || field > (1 << 29) - 1) throw new ArgumentOutOfRangeException(nameof(field), $"protobuf field numbers run from 1 to 2^29 - 1, got {field}");
        Varint(((ulong)field << 3) | (uint)wireType);
    }

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            pending.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        pending.WriteByte((byte)value);
    }

    private void Append(byte[] bytes)
    {
        // Small values stay in the pending buffer; large ones (weights) are kept by reference.
        if (bytes.Length < 4096)
        {
            pending.Write(bytes);
            return;
        }
        Flush();
        chunks.Add(bytes);
    }

    private void Flush()
    {
        if (pending.Length == 0) return;
        chunks.Add(pending.ToArray());
        pending.SetLength(0);
    }
}
