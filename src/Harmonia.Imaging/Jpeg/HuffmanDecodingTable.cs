using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// One Huffman table from a DHT segment, arranged for fast decoding: codes of up to
/// <see cref="LookaheadBits"/> bits are resolved by a single table lookup on the next bits of the
/// stream, longer ones by comparing against the largest code of each length (T.81 F.2.2.3).
/// </summary>
internal sealed class HuffmanDecodingTable
{
    /// <summary>Codes this short or shorter are decoded with one lookup; nearly all codes in real files are.</summary>
    public const int LookaheadBits = 9;

    /// <summary>Longest code length JPEG allows.</summary>
    public const int MaxCodeLength = 16;

    // Entry for each possible 9-bit prefix: (code length << 8) | symbol, or 0 if the code is longer.
    private readonly ushort[] lookahead = new ushort[1 << LookaheadBits];
    // largestCode[length]: the largest code of that length, or -1 if there is none.
    private readonly int[] largestCode = new int[MaxCodeLength + 1];
    // symbolOffset[length]: add to a code of that length to get its index in `symbols`.
    private readonly int[] symbolOffset = new int[MaxCodeLength + 1];
    private readonly byte[] symbols;

    private HuffmanDecodingTable(byte[] symbols) => this.symbols = symbols;

    /// <summary>
    /// Builds the table from the DHT form: how many codes there are of each length 1..16, and the
    /// symbols in order of increasing code. Refuses tables whose codes do not fit their lengths
    /// and DC tables with symbols above 15 (a DC difference category cannot exceed 15 bits).
    /// </summary>
    public static HuffmanDecodingTable Build(ReadOnlySpan<byte> codeCountsByLength, ReadOnlySpan<byte> symbolsInCodeOrder, bool isDcTable)
    {
        if (codeCountsByLength.Length != MaxCodeLength)
            throw new ArgumentException("Expected 16 code counts.", nameof(codeCountsByLength));
        int total = 0;
        foreach (byte count in codeCountsByLength) total += count;
        if (total > 256 || total != symbolsInCodeOrder.Length)
            throw new ImageFormatException($"Invalid Huffman table: it declares {total} codes (at most 256 allowed).");
        if (isDcTable)
        {
            foreach (byte symbol in symbolsInCodeOrder)
                if (symbol > 15)
                    throw new ImageFormatException($"Invalid Huffman table: DC symbol {symbol} is out of range (0..15).");
        }

        var table = new HuffmanDecodingTable(symbolsInCodeOrder.ToArray());
        // Canonical code assignment (T.81 C.2): codes of one length are consecutive, and the
        // next length starts at twice the code after the last one.
        int code = 0, symbolIndex = 0;
        for (int length = 1; length <= MaxCodeLength; length++)
        {
            int count = codeCountsByLength[length - 1];
            // The codes of this length must fit in `length` bits without using the all-ones code
            // (reserved so no code is a prefix of padding); otherwise the counts describe more
            // codes than the lengths can hold.
            if (code + count >= 1 << length)
                throw new ImageFormatException($"Invalid Huffman table: too many codes of length {length} or shorter.");
            table.symbolOffset[length] = symbolIndex - code;
            table.largestCode[length] = count == 0 ? -1 : code + count - 1;
            for (int i = 0; i < count; i++, code++, symbolIndex++)
            {
                if (length <= LookaheadBits)
                {
                    // Every 9-bit prefix starting with this code decodes to it.
                    int shift = LookaheadBits - length;
                    int first = code << shift;
                    ushort entry = (ushort)((length << 8) | symbolsInCodeOrder[symbolIndex]);
                    for (int j = 0; j < 1 << shift; j++) table.lookahead[first + j] = entry;
                }
            }
            code <<= 1;
        }
        return table;
    }

    /// <summary>The fast-path entry for the next <see cref="LookaheadBits"/> bits: (length &lt;&lt; 8) | symbol, or 0.</summary>
    public int Lookup(int nextBits) => lookahead[nextBits];

    /// <summary>
    /// Decodes a code longer than <see cref="LookaheadBits"/> from the next 16 bits of the stream.
    /// Returns (length, symbol), or length 0 when no code matches (corrupt data).
    /// </summary>
    public (int Length, int Symbol) DecodeLong(int next16Bits)
    {
        for (int length = LookaheadBits + 1; length <= MaxCodeLength; length++)
        {
            int code = next16Bits >> (MaxCodeLength - length);
            if (code <= largestCode[length])
                return (length, symbols[code + symbolOffset[length]]);
        }
        return (0, 0);
    }
}
