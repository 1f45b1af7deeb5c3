using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// Decodes one scan of a progressive (SOF2) Huffman-coded frame (T.81 G.1.2). A scan is one of
/// four kinds: the first pass over the DC coefficients, a refinement adding one more DC bit,
/// the first pass over a band Ss..Se of AC coefficients (with end-of-band runs spanning many
/// blocks), or a refinement adding one more bit to the AC band.
/// </summary>
internal sealed class ProgressiveScanDecoder : ScanDecoder
{
    private enum ScanKind { DcFirst, DcRefine, AcFirst, AcRefine }

    private readonly ScanKind kind;
    private readonly HuffmanDecodingTable?[] tables; // DC tables for DC first scans, AC tables for AC scans
    private int endOfBandRun;                         // blocks still to skip in the current end-of-band run

    public ProgressiveScanDecoder(byte[] data, int start, JpegFrame frame, JpegScanHeader scan, int restartInterval, int maxCorruptIntervals,
        IReadOnlyList<HuffmanDecodingTable?> dcTableSlots, IReadOnlyList<HuffmanDecodingTable?> acTableSlots)
        : base(data, start, frame, scan, restartInterval, maxCorruptIntervals)
    {
        bool isDc = scan.SpectralStart == 0;
        bool isRefine = scan.ApproximationHigh != 0;
        kind = isDc ? (isRefine ? ScanKind.DcRefine : ScanKind.DcFirst) : (isRefine ? ScanKind.AcRefine : ScanKind.AcFirst);

        tables = new HuffmanDecodingTable?[scan.Components.Length];
        for (int i = 0; i < tables.Length; i++)
        {
            if (kind == ScanKind.DcRefine) continue; // DC refinement bits are sent raw
            int slot = isDc ? scan.DcTableIndices[i] : scan.AcTableIndices[i];
            tables[i] = (isDc ? dcTableSlots[slot] : acTableSlots[slot])
                ?? throw new ImageFormatException($"Invalid JPEG: a scan uses {(isDc ? "DC" : "AC")} Huffman table {slot}, which was never defined.");
        }
        ResetDecoderState();
    }

    protected override void ResetDecoderState()
    {
        base.ResetDecoderState();
        endOfBandRun = 0;
    }

    protected override void DecodeBlock(int scanIndex, JpegComponent component, int blockRow, int blockColumn)
    {
        var block = component.Coefficients.AsSpan(component.BlockOffset(blockRow, blockColumn), 64);
        switch (kind)
        {
            case ScanKind.DcFirst:
                int size = Reader.DecodeSymbol(tables[scanIndex]!);
                component.DcPredictor += Reader.ReadSigned(size);
                block[0] = (short)(component.DcPredictor << Scan.ApproximationLow);
                break;
            case ScanKind.DcRefine:
                if (Reader.ReadBit() != 0) block[0] |= (short)(1 << Scan.ApproximationLow);
                break;
            case ScanKind.AcFirst:
                DecodeAcFirst(block, tables[scanIndex]!);
                break;
            case ScanKind.AcRefine:
                DecodeAcRefine(block, tables[scanIndex]!);
                break;
        }
    }

    private void DecodeAcFirst(Span<short> block, HuffmanDecodingTable table)
    {
        if (endOfBandRun > 0)
        {
            endOfBandRun--;
            return;
        }
        var naturalIndex = JpegZigZag.NaturalIndex;
        int end = Scan.SpectralEnd, shift = Scan.ApproximationLow;
        for (int k = Scan.SpectralStart; k <= end; k++)
        {
            int symbol = Reader.DecodeSymbol(table);
            int run = symbol >> 4, size = symbol & 15;
            if (size == 0)
            {
                if (run == 15)
                {
                    k += 15; // sixteen zeros
                    continue;
                }
                // EOBn: this block and the next (2^run + extra bits - 1) blocks end here.
                endOfBandRun = (1 << run) + Reader.ReadBits(run) - 1;
                return;
            }
            k += run;
            if (k > end)
                throw new ImageFormatException($"Corrupt JPEG data: an AC coefficient index runs past the scan's band end {end}.");
            block[naturalIndex[k]] = (short)(Reader.ReadSigned(size) * (1 << shift));
        }
    }

    // AC refinement (T.81 G.1.2.3): a coefficient that is already non-zero gets one correction
    // bit each time it is passed over; zero coefficients stay zero unless a new coefficient of
    // magnitude 1 << Al is placed among them, after `run` of them are skipped.
    private void DecodeAcRefine(Span<short> block, HuffmanDecodingTable table)
    {
        var naturalIndex = JpegZigZag.NaturalIndex;
        int end = Scan.SpectralEnd;
        int positiveBit = 1 << Scan.ApproximationLow;
        int negativeBit = -1 << Scan.ApproximationLow;
        int k = Scan.SpectralStart;

        if (endOfBandRun == 0)
        {
            for (; k <= end; k++)
            {
                int symbol = Reader.DecodeSymbol(table);
                int zerosToSkip = symbol >> 4, size = symbol & 15;
                int newValue = 0;
                if (size != 0)
                {
                    if (size != 1)
                        throw new ImageFormatException($"Corrupt JPEG data: AC refinement coefficient of size {size} (must be 1).");
                    newValue = Reader.ReadBit() != 0 ? positiveBit : negativeBit;
                }
                else if (zerosToSkip != 15)
                {
                    // EOBn: the rest of this block's band (and of the next blocks') only gets correction bits.
                    endOfBandRun = (1 << zerosToSkip) + Reader.ReadBits(zerosToSkip);
                    break;
                }
                // Walk forward, correcting non-zero coefficients, until `zerosToSkip` zero
                // coefficients have been passed and the next zero one is reached.
                for (; k <= end; k++)
                {
                    int index = naturalIndex[k];
                    if (block[index] != 0)
                    {
                        RefineNonZero(ref block[index], positiveBit, negativeBit);
                    }
                    else
                    {
                        if (zerosToSkip == 0) break;
                        zerosToSkip--;
                    }
                }
                if (newValue != 0)
                {
                    if (k > end)
                        throw new ImageFormatException($"Corrupt JPEG data: an AC refinement coefficient runs past the scan's band end {end}.");
                    block[naturalIndex[k]] = (short)newValue;
                }
            }
        }
        if (endOfBandRun > 0)
        {
            // Inside an end-of-band run: only correction bits for coefficients already non-zero.
            for (; k <= end; k++)
            {
                int index = naturalIndex[k];
                if (block[index] != 0) RefineNonZero(ref block[index], positiveBit, negativeBit);
            }
            endOfBandRun--;
        }
    }

    private void RefineNonZero(ref short coefficient, int positiveBit, int negativeBit)
    {
        if (Reader.ReadBit() == 0 || (coefficient & positiveBit) != 0) return;
        coefficient = (short)(coefficient >= 0 ? coefficient + positiveBit : coefficient + negativeBit);
    }
}
