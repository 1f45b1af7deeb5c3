using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// A scan header (SOS segment): which components the scan codes with which Huffman tables, and
/// for progressive scans the spectral band (Ss..Se) and successive-approximation bits (Ah, Al).
/// </summary>
internal sealed class JpegScanHeader
{
    private JpegScanHeader(JpegComponent[] components, int[] dcTables, int[] acTables, int spectralStart, int spectralEnd, int approximationHigh, int approximationLow)
    {
        Components = components;
        DcTableIndices = dcTables;
        AcTableIndices = acTables;
        SpectralStart = spectralStart;
        SpectralEnd = spectralEnd;
        ApproximationHigh = approximationHigh;
        ApproximationLow = approximationLow;
    }

    /// <summary>Components in scan order; one component means a non-interleaved scan.</summary>
    public JpegComponent[] Components { get; }
    /// <summary>DC Huffman table slot of each scan component.</summary>
    public int[] DcTableIndices { get; }
    /// <summary>AC Huffman table slot of each scan component.</summary>
    public int[] AcTableIndices { get; }
    /// <summary>Ss: first zig-zag index coded (progressive).</summary>
    public int SpectralStart { get; }
    /// <summary>Se: last zig-zag index coded (progressive).</summary>
    public int SpectralEnd { get; }
    /// <summary>Ah: the point transform of the previous scan of this band, 0 for a first scan.</summary>
    public int ApproximationHigh { get; }
    /// <summary>Al: the point transform (bits shifted out) of this scan.</summary>
    public int ApproximationLow { get; }

    /// <summary>Parses an SOS segment body (after the length field) against the frame's components.</summary>
    public static JpegScanHeader Parse(ReadOnlySpan<byte> segment, JpegFrame frame)
    {
        if (segment.Length < 1)
            throw new ImageFormatException("Invalid JPEG scan header: empty.");
        int count = segment[0];
        if (count is < 1 or > 4)
            throw new ImageFormatException($"Invalid JPEG scan header: {count} components (1..4 allowed).");
        if (segment.Length != 4 + 2 * count)
            throw new ImageFormatException($"Invalid JPEG scan header: length {segment.Length + 2} does not match {count} components.");

        var components = new JpegComponent[count];
        var dcTables = new int[count];
        var acTables = new int[count];
        int blocksPerMcu = 0;
        for (int i = 0; i < count; i++)
        {
            int id = segment[1 + 2 * i];
            int tables = segment[2 + 2 * i];
            var component = frame.FindComponent(id)
                ?? throw new ImageFormatException($"Invalid JPEG scan header: component id {id} is not in the frame.");
            if (Array.IndexOf(components, component, 0, i) >= 0)
                throw new ImageFormatException($"Invalid JPEG scan header: component id {id} appears twice.");
            dcTables[i] = tables >> 4;
            acTables[i] = tables & 15;
            if (dcTables[i] > 3 || acTables[i] > 3)
                throw new ImageFormatException($"Invalid JPEG scan header: component {id} selects Huffman tables {dcTables[i]}/{acTables[i]} (0..3 allowed).");
            components[i] = component;
            blocksPerMcu += component.HorizontalSampling * component.VerticalSampling;
        }
        if (count > 1 && blocksPerMcu > 10)
            throw new ImageFormatException($"Invalid JPEG scan header: an interleaved MCU of {blocksPerMcu} blocks (at most 10 allowed).");

        int ss = segment[1 + 2 * count], se = segment[2 + 2 * count];
        int ah = segment[3 + 2 * count] >> 4, al = segment[3 + 2 * count] & 15;
        if (frame.IsProgressive)
        {
            bool isDcScan = ss == 0;
            if (isDcScan && se != 0)
                throw new ImageFormatException($"Invalid progressive JPEG scan: a DC scan must have Se = 0, got {se}.");
            if (!isDcScan && (se < ss || se > 63))
                throw new ImageFormatException($"Invalid progressive JPEG scan: spectral band {ss}..{se} is not within 1..63.");
            if (!isDcScan && count != 1)
                throw new ImageFormatException("Invalid progressive JPEG scan: an AC scan must code exactly one component.");
            if (al > 13 || ah != 0 && ah != al + 1)
                throw new ImageFormatException($"Invalid progressive JPEG scan: successive approximation Ah={ah}, Al={al}.");
        }
        // Sequential scans always code the whole block; like libjpeg, ignore Ss/Se/Ah/Al there.
        return new JpegScanHeader(components, dcTables, acTables, ss, se, ah, al);
    }
}
