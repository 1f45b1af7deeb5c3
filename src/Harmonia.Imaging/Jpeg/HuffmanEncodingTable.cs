namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// A Huffman table arranged for encoding: the code and code length of every symbol, built from
/// the DHT form (code counts per length, symbols in code order) by canonical assignment (T.81 C.2).
/// </summary>
internal sealed class HuffmanEncodingTable
{
    private readonly ushort[] codes = new ushort[256];
    private readonly byte[] lengths = new byte[256];

    public HuffmanEncodingTable(ReadOnlySpan<byte> codeCountsByLength, ReadOnlySpan<byte> symbolsInCodeOrder)
    {
        CodeCounts = codeCountsByLength.ToArray();
        Symbols = symbolsInCodeOrder.ToArray();
        int code = 0, index = 0;
        for (int length = 1; length <= 16; length++)
        {
            for (int i = 0; i < codeCountsByLength[length - 1]; i++, index++, code++)
            {
                codes[symbolsInCodeOrder[index]] = (ushort)code;
                lengths[symbolsInCodeOrder[index]] = (byte)length;
            }
            code <<= 1;
        }
    }

    /// <summary>Code counts per length 1..16, as written into the DHT segment.</summary>
    public byte[] CodeCounts { get; }
    /// <summary>Symbols in code order, as written into the DHT segment.</summary>
    public byte[] Symbols { get; }

    /// <summary>The code of <paramref name="symbol"/>.</summary>
    public int Code(int symbol) => codes[symbol];
    /// <summary>The code length of <paramref name="symbol"/> (0 if the table has no code for it).</summary>
    public int Length(int symbol) => lengths[symbol];
}
