namespace Harmonia.Imaging.Jpeg;

/// <summary>One component being encoded: its header fields and its quantized coefficients.</summary>
internal sealed class EncoderComponent
{
    public EncoderComponent(int id, int horizontalSampling, int verticalSampling, int tableIndex, ushort[] quantization,
        HuffmanEncodingTable dcTable, HuffmanEncodingTable acTable, int mcusPerLine, int mcuRows)
    {
        Id = id;
        HorizontalSampling = horizontalSampling;
        VerticalSampling = verticalSampling;
        TableIndex = tableIndex;
        Quantization = quantization;
        DcTable = dcTable;
        AcTable = acTable;
        BlocksPerLine = mcusPerLine * horizontalSampling;
        BlockRows = mcuRows * verticalSampling;
        Coefficients = new short[checked(BlocksPerLine * BlockRows * 64)];
    }

    /// <summary>Component id written to the frame and scan headers.</summary>
    public int Id { get; }
    /// <summary>Horizontal sampling factor.</summary>
    public int HorizontalSampling { get; }
    /// <summary>Vertical sampling factor.</summary>
    public int VerticalSampling { get; }
    /// <summary>Slot of its quantization table and of its DC and AC Huffman tables (0 luma, 1 chroma).</summary>
    public int TableIndex { get; }
    /// <summary>Quantization table, natural order.</summary>
    public ushort[] Quantization { get; }
    /// <summary>Huffman table for DC differences.</summary>
    public HuffmanEncodingTable DcTable { get; }
    /// <summary>Huffman table for AC run/size symbols.</summary>
    public HuffmanEncodingTable AcTable { get; }
    /// <summary>Blocks per row, including MCU padding.</summary>
    public int BlocksPerLine { get; }
    /// <summary>Block rows, including MCU padding.</summary>
    public int BlockRows { get; }
    /// <summary>Quantized coefficients, 64 per block in zig-zag order, blocks row by row.</summary>
    public short[] Coefficients { get; }
}
