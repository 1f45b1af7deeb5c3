using System.Buffers.Binary;
using System.IO.Compression;
using Harmonia.Imaging.Png;

namespace Harmonia.Imaging.Tests.Png;

/// <summary>
/// Assembles PNG files chunk by chunk with correct CRCs, so tests can build exactly the
/// malformed file they need (wrong lengths, bad order, odd data) without tripping the CRC check.
/// </summary>
internal sealed class PngBuilder
{
    private readonly MemoryStream output = new();

    public PngBuilder(bool withSignature = true)
    {
        if (withSignature) output.Write(PngChunkReader.Signature);
    }

    public PngBuilder Chunk(string type, ReadOnlySpan<byte> data)
    {
        var typeAndData = new byte[4 + data.Length];
        for (int i = 0; i < 4; i++) typeAndData[i] = (byte)type[i];
        data.CopyTo(typeAndData.AsSpan(4));
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        output.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(typeAndData));
        output.Write(word);
        return this;
    }

    public PngBuilder Header(uint width, uint height, byte bitDepth, byte colorType, byte interlace = 0, byte compression = 0, byte filter = 0)
    {
        var data = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(data, width);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), height);
        data[8] = bitDepth; data[9] = colorType; data[10] = compression; data[11] = filter; data[12] = interlace;
        return Chunk("IHDR", data);
    }

    /// <summary>One IDAT holding <paramref name="scanlines"/> (filter bytes included) zlib-compressed.</summary>
    public PngBuilder ImageData(ReadOnlySpan<byte> scanlines) => Chunk("IDAT", Compress(scanlines));

    public PngBuilder End() => Chunk("IEND", []);

    public PngBuilder Raw(ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        return this;
    }

    public byte[] ToArray() => output.ToArray();

    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            zlib.Write(data);
        return compressed.ToArray();
    }

    /// <summary>Scanlines of an 8-bit image whose every row uses filter type 0 and holds <paramref name="value"/>.</summary>
    public static byte[] UnfilteredRows(int rows, int rowBytes, byte value = 0)
    {
        var data = new byte[rows * (1 + rowBytes)];
        for (int r = 0; r < rows; r++)
            data.AsSpan(r * (1 + rowBytes) + 1, rowBytes).Fill(value);
        return data;
    }

    /// <summary>Recomputes the CRC of every chunk of a (possibly mutated) PNG in place, as far as its structure allows.</summary>
    public static void RepairCrcs(byte[] png)
    {
        int position = 8;
        while (position + 12 <= png.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position));
            if (length > png.Length - position - 12) return;
            uint crc = Crc32.Compute(png.AsSpan(position + 4, 4 + (int)length));
            BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(position + 8 + (int)length), crc);
            position += 12 + (int)length;
        }
    }
}
