namespace Harmonia.Imaging.Tests.Jpeg;

/// <summary>
/// Test-side knowledge of JPEG file layout: finds marker segments in a file and builds small
/// hand-made files, so tests can damage or craft exactly the part they are about.
/// </summary>
internal static class JpegSegments
{
    /// <summary>A marker found in a file: its code, where its 0xFF is, and where its segment (if any) ends.</summary>
    public readonly record struct Marker(byte Code, int Offset, int End);

    /// <summary>
    /// Lists the markers of a well-formed file in order, including RSTn inside scan data, up to
    /// and including EOI.
    /// </summary>
    public static List<Marker> List(byte[] file)
    {
        var markers = new List<Marker> { new(0xD8, 0, 2) };
        int i = 2;
        while (i + 1 < file.Length)
        {
            if (file[i] != 0xFF || file[i + 1] == 0x00 || file[i + 1] == 0xFF) { i++; continue; }
            byte code = file[i + 1];
            bool standalone = code is >= 0xD0 and <= 0xD9;
            int end = standalone ? i + 2 : i + 2 + (file[i + 2] << 8 | file[i + 3]);
            markers.Add(new Marker(code, i, end));
            if (code == 0xD9) break;
            i = end;
        }
        return markers;
    }

    /// <summary>A segment: marker, big-endian length, body.</summary>
    public static byte[] Segment(byte marker, params byte[] body) =>
        [0xFF, marker, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2), .. body];

    /// <summary>A DQT segment with table 0 filled with <paramref name="value"/>.</summary>
    public static byte[] FlatQuantizationTable(byte value = 1) => Segment(0xDB, [0, .. Enumerable.Repeat(value, 64)]);

    /// <summary>A DHT segment defining one table from code counts per length and symbols.</summary>
    public static byte[] HuffmanTable(int tableClass, int slot, byte[] countsByLength, byte[] symbols)
    {
        var counts = new byte[16];
        countsByLength.CopyTo(counts, 0);
        return Segment(0xC4, [(byte)(tableClass << 4 | slot), .. counts, .. symbols]);
    }

    /// <summary>A SOF segment for a 1-component (grey) frame.</summary>
    public static byte[] GreyFrame(int width, int height, byte marker = 0xC0, byte precision = 8, byte sampling = 0x11) =>
        Segment(marker, precision, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, sampling, 0);

    /// <summary>An SOS segment for one component with the given Huffman table slots.</summary>
    public static byte[] GreyScan(int componentId = 1, int dcSlot = 0, int acSlot = 0) =>
        Segment(0xDA, 1, (byte)componentId, (byte)(dcSlot << 4 | acSlot), 0, 63, 0);

    /// <summary>The start of a progressive grey 8x8 file up to (and including) a scan header with the given band and approximation.</summary>
    public static byte[] ProgressiveGreyScanHeader(int spectralStart, int spectralEnd, int approximationHigh, int approximationLow) =>
    [
        0xFF, 0xD8,
        .. FlatQuantizationTable(),
        .. GreyFrame(8, 8, marker: 0xC2),
        .. HuffmanTable(0, 0, [1], [0x00]),
        .. HuffmanTable(1, 0, [1], [0x00]),
        .. Segment(0xDA, 1, 1, 0x00, (byte)spectralStart, (byte)spectralEnd, (byte)(approximationHigh << 4 | approximationLow)),
    ];

    /// <summary>
    /// An 8x8 grey file whose DC table has one code "0" (category 0) and whose AC table has
    /// "0" = 0xF1 (skip 15 zeros, then a coefficient of size 1) and "10" = EOB, followed by
    /// <paramref name="scanData"/>. With the right bits this places coefficients at chosen indices.
    /// </summary>
    public static byte[] TinyGreyFile(byte[] scanData) =>
    [
        0xFF, 0xD8,
        .. FlatQuantizationTable(),
        .. GreyFrame(8, 8),
        .. HuffmanTable(0, 0, [1], [0x00]),
        .. HuffmanTable(1, 0, [1, 1], [0xF1, 0x00]),
        .. GreyScan(),
        .. scanData,
        0xFF, 0xD9,
    ];
}
