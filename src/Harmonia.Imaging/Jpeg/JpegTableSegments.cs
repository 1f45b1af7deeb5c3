using System.Buffers.Binary;
using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// Parsers for the table-definition segments a decoder keeps state from: DQT (quantization
/// tables), DHT (Huffman tables) and DRI (restart interval). Each segment may define several
/// tables; later definitions replace earlier ones in the same slot.
/// </summary>
internal static class JpegTableSegments
{
    /// <summary>Reads a DQT segment body into <paramref name="slots"/> (natural order, 8- or 16-bit entries).</summary>
    public static void ReadQuantizationTables(ReadOnlySpan<byte> segment, ushort[]?[] slots)
    {
        var naturalIndex = JpegZigZag.NaturalIndex;
        while (!segment.IsEmpty)
        {
            int precision = segment[0] >> 4, slot = segment[0] & 15;
            if (precision > 1)
                throw new ImageFormatException($"Invalid JPEG quantization table: precision code {precision} (0 or 1 allowed).");
            if (slot > 3)
                throw new ImageFormatException($"Invalid JPEG quantization table: slot {slot} (0..3 allowed).");
            int entrySize = precision == 0 ? 1 : 2;
            if (segment.Length < 1 + 64 * entrySize)
                throw new ImageFormatException("Invalid JPEG quantization table: segment is shorter than its tables.");
            var table = new ushort[64];
            for (int k = 0; k < 64; k++)
            {
                table[naturalIndex[k]] = entrySize == 1
                    ? segment[1 + k]
                    : BinaryPrimitives.ReadUInt16BigEndian(segment.Slice(1 + 2 * k));
            }
            slots[slot] = table;
            segment = segment[(1 + 64 * entrySize)..];
        }
    }

    /// <summary>Reads a DHT segment body into the DC or AC slot arrays.</summary>
    public static void ReadHuffmanTables(ReadOnlySpan<byte> segment, HuffmanDecodingTable?[] dcSlots, HuffmanDecodingTable?[] acSlots)
    {
        while (!segment.IsEmpty)
        {
            int tableClass = segment[0] >> 4, slot = segment[0] & 15;
            if (tableClass > 1)
                throw new ImageFormatException($"Invalid JPEG Huffman table: class {tableClass} (0 = DC or 1 = AC allowed).");
            if (slot > 3)
                throw new ImageFormatException($"Invalid JPEG Huffman table: slot {slot} (0..3 allowed).");
            if (segment.Length < 17)
                throw new ImageFormatException("Invalid JPEG Huffman table: segment is shorter than its code counts.");
            var counts = segment.Slice(1, 16);
            int symbolCount = 0;
            foreach (byte count in counts) symbolCount += count;
            if (segment.Length < 17 + symbolCount)
                throw new ImageFormatException("Invalid JPEG Huffman table: segment is shorter than its symbols.");
            bool isDc = tableClass == 0;
            var table = HuffmanDecodingTable.Build(counts, segment.Slice(17, symbolCount), isDc);
            (isDc ? dcSlots : acSlots)[slot] = table;
            segment = segment[(17 + symbolCount)..];
        }
    }

    /// <summary>Reads a DRI segment body: MCUs per restart interval, 0 meaning no restart markers.</summary>
    public static int ReadRestartInterval(ReadOnlySpan<byte> segment)
    {
        if (segment.Length != 2)
            throw new ImageFormatException($"Invalid JPEG restart interval segment: length {segment.Length + 2} (expected 4).");
        return BinaryPrimitives.ReadUInt16BigEndian(segment);
    }
}
