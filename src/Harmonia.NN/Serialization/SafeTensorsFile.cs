using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Harmonia.Tensors;
using Microsoft.Win32.SafeHandles;
using Harmonia.Tensors.Files;

namespace Harmonia.NN.Serialization;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of
/// JSON header (<c>{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {…}}</c>),
/// then the tensors' bytes. Reading accepts F32, F16, BF16, F64, I64, I32, I16, I8, U8 and BOOL
/// and converts to float32; writing produces F32, and I64 for tensors whose source was int64.
/// </summary>
public static class SafeTensorsFile
{
    /// <summary>Reads every tensor and the metadata of a safetensors file, in header order.</summary>
    /// <exception cref="CheckpointFormatException">The file is not a valid safetensors file.</exception>
    public static StateDict Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        long fileLength = RandomAccess.GetLength(handle);

        Span<byte> lengthBytes = stackalloc byte[8];
        if (fileLength >= 8) ReadExactly(handle, lengthBytes, 0, path);
        ulong headerLength = fileLength >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes) : 0;
        SafeTensorsHeader.CheckHeaderLength(headerLength, fileLength, path);

        var json = new byte[(int)headerLength];
        ReadExactly(handle, json, 8, path);
        long bufferStart = 8 + (long)headerLength;
        var header = SafeTensorsHeader.Parse(json, fileLength - bufferStart, path);

        var result = NewStateDict(header);
        foreach (var entry in header.Entries)
        {
            var data = new float[entry.Numel];
            long fileOffset = bufferStart + entry.Begin;
            if (entry.DType == CheckpointDType.Float32 && BitConverter.IsLittleEndian)
            {
                ReadExactly(handle, MemoryMarshal.AsBytes(data.AsSpan()), fileOffset, path);
            }
            else
            {
                int byteCount = (int)(entry.End - entry.Begin);
                byte[] raw = ArrayPool<byte>.Shared.Rent(byteCount);
                try
                {
                    ReadExactly(handle, raw.AsSpan(0, byteCount), fileOffset, path);
                    ElementDecoder.Decode(raw.AsSpan(0, byteCount), entry.DType, bigEndian: false, 0, 1, data);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(raw);
                }
            }
            result.Add(entry.Name, Tensor.FromArray(data, entry.Shape), entry.DType);
        }
        return result;
    }

    /// <summary>Reads a safetensors image held in memory.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="sourceName">What to call the data in error messages.</param>
    /// <exception cref="CheckpointFormatException">The bytes are not a valid safetensors file.</exception>
    public static StateDict Read(ReadOnlySpan<byte> bytes, string sourceName = "<memory>")
    {
        ulong headerLength = bytes.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(bytes) : 0;
        SafeTensorsHeader.CheckHeaderLength(headerLength, bytes.Length, sourceName);
        var buffer = bytes[(8 + (int)headerLength)..];
        var header = SafeTensorsHeader.Parse(bytes.Slice(8, (int)headerLength), buffer.Length, sourceName);

        var result = NewStateDict(header);
        foreach (var entry in header.Entries)
        {
            var data = new float[entry.Numel];
            ElementDecoder.Decode(buffer[(int)entry.Begin..(int)entry.End], entry.DType, bigEndian: false, 0, 1, data);
            result.Add(entry.Name, Tensor.FromArray(data, entry.Shape), entry.DType);
        }
        return result;
    }

    /// <summary>
    /// Writes <paramref name="stateDict"/> (tensors in its order, plus its metadata) atomically:
    /// the target is replaced only once the whole file is on disk.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor name is reserved, or an int64-sourced tensor no longer holds integers.</exception>
    public static void Write(string path, StateDict stateDict)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(stateDict);
        var layout = SafeTensorsWriter.Plan(stateDict);
        AtomicFileWriter.Write(path, stream => SafeTensorsWriter.WriteTo(stream, stateDict, layout));
    }

    /// <summary>The same bytes <see cref="Write"/> puts in a file.</summary>
    public static byte[] ToBytes(StateDict stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var layout = SafeTensorsWriter.Plan(stateDict);
        using var stream = new MemoryStream();
        SafeTensorsWriter.WriteTo(stream, stateDict, layout);
        return stream.ToArray();
    }

    private static StateDict NewStateDict(SafeTensorsHeader header)
    {
        var result = new StateDict();
        foreach (var (key, value) in header.Metadata) result.Metadata[key] = value;
        return result;
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long fileOffset, string path)
    {
        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(handle, destination, fileOffset);
            if (read == 0)
                throw new CheckpointFormatException(path, $"file ended early at byte {fileOffset} (it changed while being read?)");
            destination = destination[read..];
            fileOffset += read;
        }
    }
}
