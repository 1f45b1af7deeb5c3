namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// Prepares the samples the encoder transforms, one MCU row at a time: converts RGB to YCbCr
/// with the JFIF equations, averages each 2x2 group of chroma samples when subsampling, repeats
/// the last row and column past the image edge (padding with edge pixels keeps the padded
/// blocks smooth, so they cost few bits and do not ring into the image), and subtracts 128 so
/// samples are centred on zero (T.81 A.3.1). Chroma needs no shift: Cb and Cr are already
/// centred in the equations used here.
/// </summary>
internal sealed class EncoderBlockSampler
{
    private readonly Image image;
    private readonly int mcuSize;        // pixels per MCU side: 8, or 16 with 4:2:0
    private readonly int chromaScale;    // pixels per chroma sample side: 1, or 2 with 4:2:0
    private readonly int paddedWidth;    // pixels per MCU row, including padding

    public EncoderBlockSampler(Image image, int mcuSize, int chromaScale, int mcusPerLine)
    {
        this.image = image;
        this.mcuSize = mcuSize;
        this.chromaScale = chromaScale;
        paddedWidth = mcusPerLine * mcuSize;
    }

    /// <summary>Floats needed for the luma plane of one MCU row.</summary>
    public int LumaLength => paddedWidth * mcuSize;
    /// <summary>Samples per row of the luma plane.</summary>
    public int LumaStride => paddedWidth;
    /// <summary>Floats needed for each chroma plane of one MCU row.</summary>
    public int ChromaLength => LumaLength / (chromaScale * chromaScale);
    /// <summary>Samples per row of a chroma plane.</summary>
    public int ChromaStride => paddedWidth / chromaScale;

    /// <summary>
    /// Fills the level-shifted planes of MCU row <paramref name="mcuRow"/>. For grey images the
    /// chroma planes are not touched (and may be empty).
    /// </summary>
    public void FillMcuRow(int mcuRow, Span<float> luma, Span<float> blueDifference, Span<float> redDifference)
    {
        int width = image.Width, channels = image.Channels;
        var pixels = image.Pixels;
        bool isGrey = channels == 1;
        if (!isGrey)
        {
            blueDifference.Slice(0, ChromaLength).Clear();
            redDifference.Slice(0, ChromaLength).Clear();
        }
        float chromaWeight = 1f / (chromaScale * chromaScale);

        for (int y = 0; y < mcuSize; y++)
        {
            int sourceRow = Math.Min(mcuRow * mcuSize + y, image.Height - 1);
            var source = pixels.AsSpan(sourceRow * width * channels, width * channels);
            var lumaRow = luma.Slice(y * paddedWidth, paddedWidth);
            if (isGrey)
            {
                for (int x = 0; x < paddedWidth; x++) lumaRow[x] = source[Math.Min(x, width - 1)] - 128f;
                continue;
            }
            int chromaOffset = y / chromaScale * ChromaStride;
            for (int x = 0; x < paddedWidth; x++)
            {
                int pixel = Math.Min(x, width - 1) * channels;
                float r = source[pixel], g = source[pixel + 1], b = source[pixel + 2];
                lumaRow[x] = 0.299f * r + 0.587f * g + 0.114f * b - 128f;
                int chroma = chromaOffset + x / chromaScale;
                blueDifference[chroma] += chromaWeight * (-0.168736f * r - 0.331264f * g + 0.5f * b);
                redDifference[chroma] += chromaWeight * (0.5f * r - 0.418688f * g - 0.081312f * b);
            }
        }
    }

    /// <summary>Copies the 8x8 block at <paramref name="blockColumn"/> of a plane (rows <paramref name="stride"/> apart, starting at <paramref name="firstRow"/>).</summary>
    public static void CopyBlock(ReadOnlySpan<float> plane, int stride, int firstRow, int blockColumn, Span<float> block)
    {
        for (int y = 0; y < 8; y++)
            plane.Slice((firstRow + y) * stride + blockColumn * 8, 8).CopyTo(block.Slice(y * 8, 8));
    }
}
