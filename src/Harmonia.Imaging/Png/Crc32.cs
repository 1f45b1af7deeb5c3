namespace Harmonia.Imaging.Png;

/// <summary>
/// The CRC-32 that PNG puts after every chunk (ISO 3309 / ITU-T V.42 polynomial, reflected,
/// initial value and final XOR 0xFFFFFFFF), computed over the chunk type and data.
/// </summary>
internal static class Crc32
{
    private const uint ReflectedPolynomial = 0xEDB88320u;

    // Slicing-by-one table: 256 entries, one per byte value.
    private static readonly uint[] Table = BuildTable();

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? ReflectedPolynomial ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }

    /// <summary>The CRC of <paramref name="bytes"/> (for a chunk: its type followed by its data).</summary>
    public static uint Compute(ReadOnlySpan<byte> bytes)
    {
        uint[] table = Table;
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in bytes)
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }
}
