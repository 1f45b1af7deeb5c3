namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// Writes entropy-coded data: packs bits most significant first and stuffs a 0x00 after every
/// 0xFF byte so that data can never be mistaken for a marker (T.81 F.1.2.3).
/// </summary>
internal sealed class EntropyBitWriter(Stream output)
{
    private ulong pending; // bits not yet written, right-aligned
    private int pendingCount;

    /// <summary>Appends the low <paramref name="count"/> bits (0..16) of <paramref name="bits"/>.</summary>
    public void Write(int bits, int count)
    {
        pending = (pending << count) | ((uint)bits & ((1u << count) - 1));
        pendingCount += count;
        while (pendingCount >= 8)
        {
            pendingCount -= 8;
            WriteByte((byte)(pending >> pendingCount));
        }
    }

    /// <summary>Appends the Huffman code of <paramref name="symbol"/>.</summary>
    public void WriteSymbol(HuffmanEncodingTable table, int symbol) => Write(table.Code(symbol), table.Length(symbol));

    /// <summary>Pads the last byte with 1 bits (as T.81 requires before a marker).</summary>
    public void Flush()
    {
        if (pendingCount > 0) Write(0x7F, 8 - pendingCount);
    }

    private void WriteByte(byte value)
    {
        output.WriteByte(value);
        if (value == 0xFF) output.WriteByte(0x00);
    }
}
