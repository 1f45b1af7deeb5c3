namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// One colour component of a frame (Y, Cb, Cr, a CMYK channel or grey): its sampling factors,
/// its size in samples and blocks, and the DCT coefficients the scans decode into it.
/// </summary>
internal sealed class JpegComponent
{
    public JpegComponent(int id, int horizontalSampling, int verticalSampling, int quantizationTableIndex)
    {
        Id = id;
        HorizontalSampling = horizontalSampling;
        VerticalSampling = verticalSampling;
        QuantizationTableIndex = quantizationTableIndex;
    }

    /// <summary>Component identifier as written in the frame header (scans refer to it).</summary>
    public int Id { get; }
    /// <summary>Horizontal sampling factor 1..4.</summary>
    public int HorizontalSampling { get; }
    /// <summary>Vertical sampling factor 1..4.</summary>
    public int VerticalSampling { get; }
    /// <summary>Which DQT slot (0..3) holds this component's quantization table.</summary>
    public int QuantizationTableIndex { get; }

    /// <summary>Width in samples: image width scaled by this component's share of the maximum sampling factor, rounded up.</summary>
    public int Width { get; private set; }
    /// <summary>Height in samples, like <see cref="Width"/>.</summary>
    public int Height { get; private set; }
    /// <summary>Blocks per row of storage: enough for every MCU of an interleaved scan, including padding blocks.</summary>
    public int BlocksPerLine { get; private set; }
    /// <summary>Block rows of storage, padded like <see cref="BlocksPerLine"/>.</summary>
    public int BlockRows { get; private set; }
    /// <summary>Blocks per row that a non-interleaved scan of this component codes (no MCU padding).</summary>
    public int ScanBlocksPerLine => (Width + 7) / 8;
    /// <summary>Block rows that a non-interleaved scan of this component codes.</summary>
    public int ScanBlockRows => (Height + 7) / 8;

    /// <summary>Decoded coefficients, 64 per block in natural (row-major) order, blocks row by row. Allocated by the first scan of the component.</summary>
    public short[]? Coefficients { get; private set; }

    /// <summary>The quantization table in natural order, captured when the component's first scan starts (tables may be redefined later).</summary>
    public ushort[]? Quantization { get; set; }

    /// <summary>True once some scan has coded this component (progressive: its first DC scan).</summary>
    public bool HasScanData { get; set; }

    /// <summary>DC value of the previous block in the current scan; DC coefficients are coded as differences.</summary>
    public int DcPredictor { get; set; }

    /// <summary>Sets sample and block dimensions from the frame's size and sampling factors.</summary>
    public void SetGeometry(int imageWidth, int imageHeight, int maxHorizontalSampling, int maxVerticalSampling, int mcusPerLine, int mcuRows)
    {
        Width = (int)(((long)imageWidth * HorizontalSampling + maxHorizontalSampling - 1) / maxHorizontalSampling);
        Height = (int)(((long)imageHeight * VerticalSampling + maxVerticalSampling - 1) / maxVerticalSampling);
        BlocksPerLine = mcusPerLine * HorizontalSampling;
        BlockRows = mcuRows * VerticalSampling;
    }

    /// <summary>Allocates the coefficient storage if it does not exist yet (all zero).</summary>
    public void EnsureCoefficients()
    {
        Coefficients ??= new short[checked(BlocksPerLine * BlockRows * 64)];
    }

    /// <summary>Offset in <see cref="Coefficients"/> of the block at (<paramref name="blockRow"/>, <paramref name="blockColumn"/>).</summary>
    public int BlockOffset(int blockRow, int blockColumn) => (blockRow * BlocksPerLine + blockColumn) * 64;
}
