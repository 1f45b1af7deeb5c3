using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// Walks the MCUs of one scan in order and handles restart intervals; subclasses decode the
/// blocks. With restart markers, an interval whose data is corrupt is abandoned (its remaining
/// blocks keep what earlier scans gave them, zero otherwise) and decoding resynchronises at the
/// next restart marker, as libjpeg does. Without them, or when no later marker can be found
/// (truncated file, premature end of the scan), the error is thrown.
/// </summary>
internal abstract class ScanDecoder
{
    private readonly byte[] data;
    private readonly JpegFrame frame;
    private readonly int restartInterval;
    private readonly int mcuCount;
    private readonly int maxCorruptIntervals;
    private int expectedRestart; // number n of the RSTn expected at the next interval boundary

    protected ScanDecoder(byte[] data, int start, JpegFrame frame, JpegScanHeader scan, int restartInterval, int maxCorruptIntervals)
    {
        this.maxCorruptIntervals = maxCorruptIntervals;
        this.data = data;
        this.frame = frame;
        this.restartInterval = restartInterval;
        Scan = scan;
        Reader = new EntropyBitReader(data, start);
        mcuCount = scan.Components.Length == 1
            ? scan.Components[0].ScanBlocksPerLine * scan.Components[0].ScanBlockRows
            : frame.McusPerLine * frame.McuRows;
    }

    /// <summary>The scan being decoded.</summary>
    protected JpegScanHeader Scan { get; }

    /// <summary>The entropy-coded data of the scan.</summary>
    protected EntropyBitReader Reader { get; }

    /// <summary>How many restart intervals had corrupt data and were abandoned.</summary>
    public int CorruptIntervals { get; private set; }

    /// <summary>Decodes every MCU of the scan. Returns the index where the search for the next marker should start.</summary>
    public int Decode()
    {
        int mcu = 0;
        while (mcu < mcuCount)
        {
            if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0)
            {
                int lostIntervals = ConsumeRestartMarker(mcu);
                mcu += lostIntervals * restartInterval;
                if (mcu >= mcuCount) break;
            }
            try
            {
                DecodeMcu(mcu);
                if (Reader.ConsumedPastEnd) throw DataEndedError(mcu);
                mcu++;
            }
            catch (ImageFormatException) when (restartInterval > 0 && (mcu / restartInterval + 1) * restartInterval < mcuCount
                                               && CorruptIntervals < maxCorruptIntervals)
            {
                // Give up on the rest of this interval; the restart marker that ends it lets us resume.
                // (The budget keeps a file made of nothing but damaged intervals from being slow to reject.)
                CorruptIntervals++;
                mcu = (mcu / restartInterval + 1) * restartInterval;
            }
        }
        return Reader.Position;
    }

    /// <summary>Decodes one block of scan component <paramref name="scanIndex"/> into its coefficient storage.</summary>
    protected abstract void DecodeBlock(int scanIndex, JpegComponent component, int blockRow, int blockColumn);

    /// <summary>Resets the state that restart markers reset: DC predictors (and, in subclasses, end-of-band runs).</summary>
    protected virtual void ResetDecoderState()
    {
        foreach (var component in Scan.Components) component.DcPredictor = 0;
    }

    private void DecodeMcu(int mcu)
    {
        if (Scan.Components.Length == 1)
        {
            // A non-interleaved scan codes the component's own block grid, one block per MCU.
            var component = Scan.Components[0];
            int perLine = component.ScanBlocksPerLine;
            DecodeBlock(0, component, mcu / perLine, mcu % perLine);
            return;
        }
        int mcuRow = mcu / frame.McusPerLine, mcuColumn = mcu % frame.McusPerLine;
        for (int i = 0; i < Scan.Components.Length; i++)
        {
            var component = Scan.Components[i];
            int h = component.HorizontalSampling, v = component.VerticalSampling;
            for (int y = 0; y < v; y++)
                for (int x = 0; x < h; x++)
                    DecodeBlock(i, component, mcuRow * v + y, mcuColumn * h + x);
        }
    }

    // Finds the restart marker that should end the interval before `mcu`. Returns how many whole
    // intervals were lost (their markers are missing), so the caller can skip their MCUs.
    private int ConsumeRestartMarker(int mcu)
    {
        int searchFrom = Reader.Position;
        while (true)
        {
            byte marker = JpegMarker.FindNext(data, searchFrom, out int afterMarker);
            if (marker == 0)
                throw new ImageFormatException($"JPEG data is truncated: the file ends in a scan after {mcu} of {mcuCount} MCUs.");
            if (!JpegMarker.IsRestart(marker))
                throw new ImageFormatException(
                    $"Corrupt JPEG data: a scan ends after {mcu} of {mcuCount} MCUs (marker 0xFF{marker:X2} found where restart marker RST{expectedRestart} was expected).");
            int found = marker - JpegMarker.Rst0;
            int ahead = (found - expectedRestart) & 7;
            if (ahead >= 6)
            {
                // A marker from one or two intervals back: stale, keep looking.
                searchFrom = afterMarker;
                continue;
            }
            // One or two markers ahead means those intervals' data is missing; further off is
            // more likely a damaged marker number, so (like libjpeg) take it as the expected one.
            int lostIntervals = ahead is 1 or 2 ? ahead : 0;
            expectedRestart = ((lostIntervals > 0 ? found : expectedRestart) + 1) & 7;
            Reader.Restart(afterMarker);
            ResetDecoderState();
            return lostIntervals;
        }
    }

    private ImageFormatException DataEndedError(int mcu) => Reader.ReachedEndOfFile
        ? new ImageFormatException($"JPEG data is truncated: the file ends in a scan, in MCU {mcu + 1} of {mcuCount}.")
        : new ImageFormatException($"Corrupt JPEG data: the scan data ends early, in MCU {mcu + 1} of {mcuCount}.");
}
