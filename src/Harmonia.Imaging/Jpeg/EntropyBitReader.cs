using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// Reads the entropy-coded data of a scan bit by bit: removes the 0x00 stuffed after each data
/// byte 0xFF and stops at the first marker. Past the end of the real data it supplies zero bits,
/// because Huffman decoding peeks up to 16 bits ahead of what a final code needs; whether any of
/// those padding bits were actually consumed is reported by <see cref="ConsumedPastEnd"/>.
/// </summary>
internal sealed class EntropyBitReader
{
    private readonly byte[] data;
    private int position;      // next byte not yet moved into the bit buffer
    private ulong bitBuffer;   // unread bits, most significant first
    private int bitCount;      // how many bits of bitBuffer are valid
    private int paddingBits;   // zero bits appended after the real data stopped
    private bool dataStopped;  // a marker or the end of the file was reached
    private bool endOfFile;    // the data stopped because the file ended

    /// <summary>Starts reading entropy-coded data at <paramref name="start"/>.</summary>
    public EntropyBitReader(byte[] data, int start)
    {
        this.data = data;
        Restart(start);
    }

    /// <summary>
    /// Index of the first byte not yet taken into the bit buffer. Once the reader has stopped,
    /// it is the 0xFF of the marker that stopped it (or the end of the data).
    /// </summary>
    public int Position => position;

    /// <summary>True if decoding used bits beyond the last real data bit: the scan is truncated or corrupt.</summary>
    public bool ConsumedPastEnd => bitCount < paddingBits;

    /// <summary>True if the real data stopped because the file ended rather than at a marker.</summary>
    public bool ReachedEndOfFile => endOfFile;

    /// <summary>Discards buffered bits and continues reading at <paramref name="start"/> (after a restart marker).</summary>
    public void Restart(int start)
    {
        position = start;
        bitBuffer = 0;
        bitCount = 0;
        paddingBits = 0;
        dataStopped = false;
        endOfFile = false;
    }

    /// <summary>Reads one bit.</summary>
    public int ReadBit()
    {
        if (bitCount < 1) Fill();
        int bit = (int)(bitBuffer >> 63);
        bitBuffer <<= 1;
        bitCount--;
        return bit;
    }

    /// <summary>Reads <paramref name="count"/> (0..16) bits as an unsigned number, first bit most significant.</summary>
    public int ReadBits(int count)
    {
        if (count == 0) return 0;
        if (bitCount < count) Fill();
        int value = (int)(bitBuffer >> (64 - count));
        bitBuffer <<= count;
        bitCount -= count;
        return value;
    }

    /// <summary>
    /// Reads a <paramref name="size"/>-bit magnitude and extends it to its signed value
    /// (T.81 F.2.2.1 EXTEND): codes starting with 0 stand for negative numbers.
    /// </summary>
    public int ReadSigned(int size)
    {
        if (size == 0) return 0;
        int value = ReadBits(size);
        return value < 1 << (size - 1) ? value - (1 << size) + 1 : value;
    }

    /// <summary>Decodes one Huffman-coded symbol, or throws if the bits match no code of the table.</summary>
    public int DecodeSymbol(HuffmanDecodingTable table)
    {
        if (bitCount < HuffmanDecodingTable.MaxCodeLength) Fill();
        int entry = table.Lookup((int)(bitBuffer >> (64 - HuffmanDecodingTable.LookaheadBits)));
        if (entry != 0)
        {
            int length = entry >> 8;
            bitBuffer <<= length;
            bitCount -= length;
            return entry & 0xFF;
        }
        var (codeLength, symbol) = table.DecodeLong((int)(bitBuffer >> (64 - HuffmanDecodingTable.MaxCodeLength)));
        if (codeLength == 0)
            throw new ImageFormatException("Corrupt JPEG data: a bit sequence matches no Huffman code.");
        bitBuffer <<= codeLength;
        bitCount -= codeLength;
        return symbol;
    }

    // Tops the buffer up to at least 57 bits, one byte at a time.
    private void Fill()
    {
        while (bitCount <= 56)
        {
            int value = 0;
            if (!dataStopped)
            {
                value = NextDataByte();
            }
            if (dataStopped)
            {
                value = 0;
                paddingBits += 8;
            }
            bitBuffer |= (ulong)value << (56 - bitCount);
            bitCount += 8;
        }
    }

    // Returns the next data byte, or sets dataStopped at a marker or the end of the file.
    private int NextDataByte()
    {
        if (position >= data.Length)
        {
            dataStopped = endOfFile = true;
            return 0;
        }
        byte value = data[position];
        if (value != 0xFF)
        {
            position++;
            return value;
        }
        if (position + 1 >= data.Length)
        {
            dataStopped = endOfFile = true;
            return 0;
        }
        // 0xFF 0x00 is a stuffed data byte 0xFF; 0xFF followed by anything else starts a marker
        // (possibly after 0xFF fill bytes), which ends the entropy-coded segment.
        if (data[position + 1] == 0x00)
        {
            position += 2;
            return 0xFF;
        }
        dataStopped = true;
        return 0;
    }
}
