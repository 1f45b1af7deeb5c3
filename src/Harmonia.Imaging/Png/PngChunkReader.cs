using System.Buffers.Binary;
using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Png;

/// <summary>One chunk of a PNG file: its four-letter type and its data, CRC already verified.</summary>
internal readonly ref struct PngChunk(uint type, ReadOnlySpan<byte> data)
{
    /// <summary>The type as a big-endian 32-bit code (compare with <see cref="PngChunkTypes"/>).</summary>
    public uint Type { get; } = type;

    /// <summary>The chunk's data, without length, type or CRC.</summary>
    public ReadOnlySpan<byte> Data { get; } = data;

    /// <summary>The type as its four letters, for messages.</summary>
    public string Name => PngChunkTypes.Name(Type);

    /// <summary>
    /// Critical chunks (upper-case first letter) must be understood to decode the image;
    /// ancillary ones may be skipped.
    /// </summary>
    public bool IsCritical => (Type & 0x20000000u) == 0;
}

/// <summary>The chunk types the codec reads or writes.</summary>
internal static class PngChunkTypes
{
    public const uint IHDR = 0x49484452, PLTE = 0x504C5445, IDAT = 0x49444154, IEND = 0x49454E44, tRNS = 0x74524E53;

    /// <summary>The four letters of a type code.</summary>
    public static string Name(uint type) => string.Create(4, type, (chars, t) =>
    {
        for (int i = 0; i < 4; i++)
        {
            char c = (char)((t >> (24 - 8 * i)) & 0xFF);
            chars[i] = c is >= ' ' and <= '~' ? c : '?';
        }
    });
}

/// <summary>
/// Walks the chunks of a PNG file after its signature, checking each chunk's length against
/// the bytes that remain, its type letters and its CRC before handing it out.
/// </summary>
internal ref struct PngChunkReader
{
    /// <summary>The 8 bytes every PNG file starts with.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    // length (4) + type (4) + CRC (4)
    private const int ChunkOverhead = 12;

    private readonly ReadOnlySpan<byte> file;
    private int position;

    /// <summary>Starts reading after the signature, which the caller has checked.</summary>
    public PngChunkReader(ReadOnlySpan<byte> file)
    {
        this.file = file;
        position = Signature.Length;
    }

    /// <summary>True when no bytes remain after the last chunk read.</summary>
    public readonly bool AtEnd => position >= file.Length;

    /// <summary>Reads and verifies the next chunk; throws <see cref="ImageFormatException"/> if it is damaged or cut off.</summary>
    public PngChunk ReadNext()
    {
        int remaining = file.Length - position;
        if (remaining < ChunkOverhead)
            throw new ImageFormatException($"File is truncated: {remaining} bytes at offset {position} are too few for a chunk (at least {ChunkOverhead}).");

        uint length = BinaryPrimitives.ReadUInt32BigEndian(file[position..]);
        uint type = BinaryPrimitives.ReadUInt32BigEndian(file[(position + 4)..]);
        if (!IsValidType(type))
            throw new ImageFormatException($"Invalid chunk type bytes 0x{type:X8} at offset {position}: chunk types are four ASCII letters.");
        string name = PngChunkTypes.Name(type);
        if (length > int.MaxValue)
            throw new ImageFormatException($"Chunk {name} at offset {position} declares length {length}, above the PNG maximum 2147483647.");
        if (length > remaining - ChunkOverhead)
            throw new ImageFormatException($"File is truncated: chunk {name} at offset {position} declares {length} data bytes but only {remaining - ChunkOverhead} remain.");

        var typeAndData = file.Slice(position + 4, 4 + (int)length);
        uint storedCrc = BinaryPrimitives.ReadUInt32BigEndian(file[(position + 8 + (int)length)..]);
        uint actualCrc = Crc32.Compute(typeAndData);
        if (storedCrc != actualCrc)
            throw new ImageFormatException($"CRC mismatch in chunk {name} at offset {position}: stored 0x{storedCrc:X8}, computed 0x{actualCrc:X8} (file is corrupt).");

        position += ChunkOverhead + (int)length;
        return new PngChunk(type, typeAndData[4..]);
    }

    private static bool IsValidType(uint type)
    {
        for (int shift = 0; shift < 32; shift += 8)
        {
            uint c = (type >> shift) & 0xFF;
            if (!(c is >= 'A' and <= 'Z' || c is >= 'a' and <= 'z')) return false;
        }
        return true;
    }
}
