using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// Decodes a Huffman-coded sequential scan (SOF0 baseline or SOF1 extended): each block is a DC
/// difference followed by run-length coded AC coefficients up to an end-of-block (T.81 F.2.2).
/// </summary>
internal sealed class SequentialScanDecoder : ScanDecoder
{
    private readonly HuffmanDecodingTable[] dcTables;
    private readonly HuffmanDecodingTable[] acTables;

    public SequentialScanDecoder(byte[] data, int start, JpegFrame frame, JpegScanHeader scan, int restartInterval, int maxCorruptIntervals,
        IReadOnlyList<HuffmanDecodingTable?> dcTableSlots, IReadOnlyList<HuffmanDecodingTable?> acTableSlots)
        : base(data, start, frame, scan, restartInterval, maxCorruptIntervals)
    {
        int count = scan.Components.Length;
        dcTables = new HuffmanDecodingTable[count];
        acTables = new HuffmanDecodingTable[count];
        for (int i = 0; i < count; i++)
        {
            dcTables[i] = dcTableSlots[scan.DcTableIndices[i]]
                ?? throw new ImageFormatException($"Invalid JPEG: a scan uses DC Huffman table {scan.DcTableIndices[i]}, which was never defined.");
            acTables[i] = acTableSlots[scan.AcTableIndices[i]]
                ?? throw new ImageFormatException($"Invalid JPEG: a scan uses AC Huffman table {scan.AcTableIndices[i]}, which was never defined.");
        }
        ResetDecoderState();
    }

    protected override void DecodeBlock(int scanIndex, JpegComponent component, int blockRow, int blockColumn)
    {
        var block = component.Coefficients.AsSpan(component.BlockOffset(blockRow, blockColumn), 64);
        block.Clear();

        int dcSize = Reader.DecodeSymbol(dcTables[scanIndex]);
        component.DcPredictor += Reader.ReadSigned(dcSize);
        block[0] = (short)component.DcPredictor;

        var acTable = acTables[scanIndex];
        var naturalIndex = JpegZigZag.NaturalIndex;
        for (int k = 1; k < 64; k++)
        {
            int symbol = Reader.DecodeSymbol(acTable);
            int zeroRun = symbol >> 4, size = symbol & 15;
            if (size == 0)
            {
                if (zeroRun != 15) break; // end of block
                k += 15;                  // ZRL: sixteen zeros
                continue;
            }
            k += zeroRun;
            if (k > 63)
                throw new ImageFormatException("Corrupt JPEG data: an AC coefficient index runs past 63.");
            block[naturalIndex[k]] = (short)Reader.ReadSigned(size);
        }
    }
}
