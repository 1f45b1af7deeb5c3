using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Harmonia.NN.Serialization;

/// <summary>Lays out and writes a <see cref="StateDict"/> as safetensors bytes.</summary>
internal static class SafeTensorsWriter
{
    /// <summary>The header JSON (already padded) and the dtype each tensor is written in.</summary>
    public sealed record Layout(byte[] Header, CheckpointDType[] DTypes);

    /// <summary>
    /// Validates the state dict and builds the header, before any file is touched: tensors go in
    /// the dict's order, metadata first, and the header is padded with spaces to a multiple of
    /// 8 bytes so the data buffer starts aligned, as the reference implementation does.
    /// </summary>
    public static Layout Plan(StateDict stateDict)
    {
        var dtypes = new CheckpointDType[stateDict.Count];
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (stateDict.Metadata.Count > 0)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in stateDict.Metadata)
                {
                    if (value is null) throw new ArgumentException($"Metadata value '{key}' is null; safetensors metadata must be strings.", nameof(stateDict));
                    json.WriteString(key, value);
                }
                json.WriteEndObject();
            }

            long offset = 0;
            int index = 0;
            foreach (var (name, tensor) in stateDict)
            {
                if (name == "__metadata__")
                    throw new ArgumentException("A tensor cannot be named '__metadata__': safetensors reserves that key.", nameof(stateDict));
                var dtype = stateDict.GetSourceDType(name) == CheckpointDType.Int64 ? CheckpointDType.Int64 : CheckpointDType.Float32;
                if (dtype == CheckpointDType.Int64) CheckIntegral(name, tensor.Data);
                dtypes[index++] = dtype;

                long bytes = (long)tensor.Numel * dtype.ElementSize();
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype.SafeTensorsName());
                json.WriteStartArray("shape");
                foreach (int size in tensor.Shape) json.WriteNumberValue(size);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }

        int padding = (8 - buffer.WrittenCount % 8) % 8;
        var header = new byte[buffer.WrittenCount + padding];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return new Layout(header, dtypes);
    }

    /// <summary>Writes the length prefix, the header and the tensors' bytes.</summary>
    public static void WriteTo(Stream stream, StateDict stateDict, Layout layout)
    {
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)layout.Header.Length);
        stream.Write(prefix);
        stream.Write(layout.Header);

        int index = 0;
        foreach (var (_, tensor) in stateDict)
        {
            if (layout.DTypes[index++] == CheckpointDType.Int64)
                WriteInt64(stream, tensor.Data);
            else
                WriteFloat32(stream, tensor.Data);
        }
    }

    private static void CheckIntegral(string name, float[] values)
    {
        foreach (float v in values)
        {
            // Every float32 of magnitude below 2^63 converts to an exact long when it is integral.
            if (!float.IsFinite(v) || v != MathF.Floor(v) || MathF.Abs(v) >= 9.2233720368547758e18f)
                throw new ArgumentException($"Tensor '{name}' came from an int64 tensor but now holds {v}, which is not an int64; store it with source dtype Float32 instead.");
        }
    }

    private static void WriteFloat32(Stream stream, float[] values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values.AsSpan()));
            return;
        }
        Span<byte> element = stackalloc byte[4];
        foreach (float v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(element, v);
            stream.Write(element);
        }
    }

    private static void WriteInt64(Stream stream, float[] values)
    {
        const int chunk = 4096;
        var bytes = new byte[Math.Min(values.Length, chunk) * 8];
        for (int start = 0; start < values.Length; start += chunk)
        {
            int count = Math.Min(chunk, values.Length - start);
            for (int i = 0; i < count; i++)
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), (long)values[start + i]);
            stream.Write(bytes, 0, count * 8);
        }
    }
}
