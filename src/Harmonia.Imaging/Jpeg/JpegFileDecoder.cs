using System.Buffers.Binary;
using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// Walks the marker segments of a JPEG file: keeps the tables they define, reads the frame
/// header, decodes every scan into the components' coefficients, and notes the metadata the
/// output needs (colour transform, Exif orientation). One instance decodes one file.
/// </summary>
internal sealed class JpegFileDecoder
{
    /// <summary>
    /// A progressive file may split its coefficients over many scans, each a full pass over the
    /// image; real encoders use about ten. The cap stops a small file from forcing millions of passes.
    /// </summary>
    public const int MaxScans = 1000;

    /// <summary>
    /// Restart intervals with corrupt data are skipped (resynchronising at the next restart
    /// marker) up to this many per file; beyond that the file is rejected as too damaged.
    /// </summary>
    public const int MaxCorruptIntervals = 1000;

    private readonly byte[] data;
    private readonly DecodeLimits limits;
    private readonly ushort[]?[] quantizationTables = new ushort[]?[4];
    private readonly HuffmanDecodingTable?[] dcTables = new HuffmanDecodingTable?[4];
    private readonly HuffmanDecodingTable?[] acTables = new HuffmanDecodingTable?[4];
    private int restartInterval;
    private JpegFrame? frame;
    private int scanCount;
    private long coefficientVisits;
    private int corruptIntervals;
    private bool hasJfifMarker;
    private int? adobeTransform;
    private int? exifOrientation;

    public JpegFileDecoder(byte[] data, DecodeLimits limits)
    {
        this.data = data;
        this.limits = limits;
    }

    /// <summary>The decoded frame with its coefficients, after <see cref="Decode"/>.</summary>
    public JpegFrame Frame => frame ?? throw new InvalidOperationException("Decode has not run.");

    /// <summary>The Exif orientation 1..8 (1 when the file has none).</summary>
    public int Orientation => exifOrientation ?? 1;

    /// <summary>Reads the whole file. Throws <see cref="ImageFormatException"/> for anything it cannot decode.</summary>
    public void Decode()
    {
        if (data.Length < 2 || data[0] != 0xFF || data[1] != JpegMarker.Soi)
            throw new ImageFormatException("Not a JPEG file: it does not start with the SOI marker FF D8.");
        int position = 2;
        while (true)
        {
            byte marker = JpegMarker.FindNext(data, position, out position);
            if (marker == 0 || marker == JpegMarker.Eoi)
            {
                // A missing EOI is tolerated if every component was coded: some writers omit it, and a file
                // cut just after a scan still holds a whole image (for progressive files, a coarser one).
                CheckImageComplete(marker == 0);
                return;
            }
            if (marker == JpegMarker.Tem || JpegMarker.IsRestart(marker))
                continue; // standalone markers without a length; a stray RST outside a scan carries nothing
            if (marker == JpegMarker.Soi)
                throw new ImageFormatException("Invalid JPEG: a second SOI marker inside the file.");

            var segment = ReadSegment(position, marker);
            int segmentEnd = position + 2 + segment.Length;
            switch (marker)
            {
                case JpegMarker.Sof0Baseline or JpegMarker.Sof1ExtendedSequential or JpegMarker.Sof2Progressive:
                    if (frame != null)
                        throw new ImageFormatException("Invalid JPEG: more than one frame header (SOF marker).");
                    frame = JpegFrame.Parse(segment, marker, limits, data.Length);
                    break;
                case JpegMarker.Sof3Lossless or 0xC5 or 0xC6 or 0xC7:
                    throw new ImageFormatException($"Unsupported JPEG: {DescribeFrameType(marker)} (only baseline, extended sequential and progressive Huffman JPEG are supported).");
                case 0xC9 or 0xCA or 0xCB or 0xCD or 0xCE or 0xCF:
                    throw new ImageFormatException($"Unsupported JPEG: {DescribeFrameType(marker)} (arithmetic coding is not supported).");
                case JpegMarker.Dqt:
                    JpegTableSegments.ReadQuantizationTables(segment, quantizationTables);
                    break;
                case JpegMarker.Dht:
                    JpegTableSegments.ReadHuffmanTables(segment, dcTables, acTables);
                    break;
                case JpegMarker.Dri:
                    restartInterval = JpegTableSegments.ReadRestartInterval(segment);
                    break;
                case JpegMarker.Sos:
                    segmentEnd = DecodeScan(segment, segmentEnd);
                    break;
                case JpegMarker.App0:
                    hasJfifMarker |= segment.StartsWith("JFIF\0"u8);
                    break;
                case JpegMarker.App1:
                    exifOrientation ??= ExifOrientationReader.TryRead(segment);
                    break;
                case JpegMarker.App14:
                    // "Adobe", version, two flag words, then the colour transform code.
                    if (segment.Length >= 12 && segment.StartsWith("Adobe"u8)) adobeTransform = segment[11];
                    break;
                default:
                    break; // other APPn, COM, DNL, DAC, JPGn: nothing we need
            }
            position = segmentEnd;
        }
    }

    /// <summary>Decides how to interpret the components, following libjpeg's rules for files without explicit colour information.</summary>
    public JpegColorSpace ColorSpace()
    {
        var components = Frame.Components;
        if (components.Length == 1) return JpegColorSpace.Grey;
        if (components.Length == 3)
        {
            if (hasJfifMarker) return JpegColorSpace.YCbCr;
            if (adobeTransform is int transform) return transform == 0 ? JpegColorSpace.Rgb : JpegColorSpace.YCbCr;
            bool idsSpellRgb = components[0].Id == 'R' && components[1].Id == 'G' && components[2].Id == 'B';
            return idsSpellRgb ? JpegColorSpace.Rgb : JpegColorSpace.YCbCr;
        }
        // Four components: CMYK unless an Adobe marker says the colour part was transformed (YCCK).
        return adobeTransform is int code && code != 0 ? JpegColorSpace.Ycck : JpegColorSpace.Cmyk;
    }

    // Returns the segment body (after the 2-byte length) of the marker whose length field starts at `position`.
    private ReadOnlySpan<byte> ReadSegment(int position, byte marker)
    {
        if (position + 2 > data.Length)
            throw new ImageFormatException($"JPEG data is truncated: the file ends inside the length of marker 0xFF{marker:X2}.");
        int length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(position));
        if (length < 2)
            throw new ImageFormatException($"Invalid JPEG: marker 0xFF{marker:X2} has segment length {length}.");
        if (position + length > data.Length)
            throw new ImageFormatException($"JPEG data is truncated: the file ends inside the segment of marker 0xFF{marker:X2}.");
        return data.AsSpan(position + 2, length - 2);
    }

    // Decodes the scan whose header is `segment` and whose data starts at `dataStart`; returns where the data ends.
    private int DecodeScan(ReadOnlySpan<byte> segment, int dataStart)
    {
        var currentFrame = frame ?? throw new ImageFormatException("Invalid JPEG: a scan (SOS) comes before the frame header (SOF).");
        if (++scanCount > MaxScans)
            throw new ImageFormatException($"Unsupported JPEG: more than {MaxScans} scans.");
        var scan = JpegScanHeader.Parse(segment, currentFrame);
        ChargeCoefficientVisits(currentFrame, scan);

        foreach (var component in scan.Components)
        {
            // Like libjpeg, a component keeps the quantization table that was current at its first scan.
            component.Quantization ??= quantizationTables[component.QuantizationTableIndex]
                ?? throw new ImageFormatException($"Invalid JPEG: component {component.Id} uses quantization table {component.QuantizationTableIndex}, which was never defined.");
            component.EnsureCoefficients();
        }

        int corruptIntervalsLeft = MaxCorruptIntervals - corruptIntervals;
        ScanDecoder decoder = currentFrame.IsProgressive
            ? new ProgressiveScanDecoder(data, dataStart, currentFrame, scan, restartInterval, corruptIntervalsLeft, dcTables, acTables)
            : new SequentialScanDecoder(data, dataStart, currentFrame, scan, restartInterval, corruptIntervalsLeft, dcTables, acTables);
        int dataEnd = decoder.Decode();
        corruptIntervals += decoder.CorruptIntervals;

        bool givesBaseImage = !currentFrame.IsProgressive || scan.SpectralStart == 0 && scan.ApproximationHigh == 0;
        if (givesBaseImage)
            foreach (var component in scan.Components) component.HasScanData = true;
        return dataEnd;
    }

    // A scan visits every block it codes, however few bytes it has (an end-of-band run covers
    // thousands of blocks in two bytes), so the number of scans alone does not bound the work.
    private void ChargeCoefficientVisits(JpegFrame currentFrame, JpegScanHeader scan)
    {
        long blocks = scan.Components.Length == 1
            ? (long)scan.Components[0].ScanBlocksPerLine * scan.Components[0].ScanBlockRows
            : (long)currentFrame.McusPerLine * currentFrame.McuRows * scan.Components.Sum(c => c.HorizontalSampling * c.VerticalSampling);
        int coefficientsPerBlock = currentFrame.IsProgressive ? scan.SpectralEnd - scan.SpectralStart + 1 : 64;
        coefficientVisits += blocks * coefficientsPerBlock;
        long maxVisits = DecodeLimits.JpegMaxCoefficientPasses * 64 * currentFrame.StoredBlocks;
        if (coefficientVisits > maxVisits)
            throw new ImageFormatException(
                $"Unsupported JPEG: its first {scanCount} scans pass over the image's coefficients more than {DecodeLimits.JpegMaxCoefficientPasses} times (real encoders use 2 or 3).");
    }

    private void CheckImageComplete(bool reachedEndOfData)
    {
        if (frame == null)
            throw new ImageFormatException(reachedEndOfData
                ? "JPEG data is truncated or not a JPEG: no frame header (SOF) before the end of the data."
                : "Invalid JPEG: end of image (EOI) before any frame header.");
        foreach (var component in frame.Components)
        {
            if (!component.HasScanData)
                throw new ImageFormatException(reachedEndOfData
                    ? $"JPEG data is truncated: the file ends before component {component.Id} was coded."
                    : $"Invalid JPEG: end of image (EOI) before component {component.Id} was coded.");
        }
    }

    private static string DescribeFrameType(byte marker) => marker switch
    {
        0xC3 => "lossless (SOF3)",
        0xC5 => "differential sequential (SOF5, hierarchical)",
        0xC6 => "differential progressive (SOF6, hierarchical)",
        0xC7 => "differential lossless (SOF7, hierarchical)",
        0xC9 => "arithmetic-coded extended sequential (SOF9)",
        0xCA => "arithmetic-coded progressive (SOF10)",
        0xCB => "arithmetic-coded lossless (SOF11)",
        0xCD => "arithmetic-coded differential sequential (SOF13)",
        0xCE => "arithmetic-coded differential progressive (SOF14)",
        _ => "arithmetic-coded differential lossless (SOF15)",
    };
}
