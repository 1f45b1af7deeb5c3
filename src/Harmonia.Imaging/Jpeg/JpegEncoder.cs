using Harmonia.Tensors.Threading;

namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// Encodes baseline JPEG (SOF0, Huffman, 8-bit) with a JFIF header: greyscale for 1-channel
/// images, YCbCr for RGB (the alpha channel of RGBA is dropped), with 4:2:0 or 4:4:4 chroma.
/// Quantization uses the T.81 Annex K tables scaled by quality exactly as cjpeg does, so a
/// quality number means the same here as in libjpeg; Huffman coding uses the Annex K tables.
/// </summary>
public static class JpegEncoder
{
    /// <summary>Largest width or height a JPEG frame header can state.</summary>
    public const int MaxDimension = 65535;

    /// <summary>Encodes <paramref name="image"/> as a JPEG file.</summary>
    /// <param name="image">1 channel (grey), 3 (RGB) or 4 (RGBA; alpha is dropped).</param>
    /// <param name="quality">1 (smallest, worst) to 100 (largest, best), IJG scale.</param>
    /// <param name="subsample420">Halve chroma resolution in both directions (4:2:0) instead of keeping it full (4:4:4). Ignored for grey images.</param>
    /// <returns>The complete file.</returns>
    public static byte[] Encode(Image image, int quality = 90, bool subsample420 = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        if (image.Width > MaxDimension || image.Height > MaxDimension)
            throw new ArgumentException($"JPEG cannot store {image.Width}x{image.Height}: at most {MaxDimension} pixels per side.", nameof(image));

        bool isGrey = image.Channels == 1;
        int lumaSampling = !isGrey && subsample420 ? 2 : 1;
        int mcuSize = 8 * lumaSampling;
        int mcusPerLine = (image.Width + mcuSize - 1) / mcuSize;
        int mcuRows = (image.Height + mcuSize - 1) / mcuSize;

        var luma = new EncoderComponent(1, lumaSampling, lumaSampling, 0,
            StandardJpegTables.ScaleQuantization(StandardJpegTables.LuminanceQuantization, quality),
            new HuffmanEncodingTable(StandardJpegTables.LuminanceDcCodeCounts, StandardJpegTables.LuminanceDcSymbols),
            new HuffmanEncodingTable(StandardJpegTables.LuminanceAcCodeCounts, StandardJpegTables.LuminanceAcSymbols),
            mcusPerLine, mcuRows);
        EncoderComponent[] components = [luma];
        if (!isGrey)
        {
            var chromaQuantization = StandardJpegTables.ScaleQuantization(StandardJpegTables.ChrominanceQuantization, quality);
            var chromaDc = new HuffmanEncodingTable(StandardJpegTables.ChrominanceDcCodeCounts, StandardJpegTables.ChrominanceDcSymbols);
            var chromaAc = new HuffmanEncodingTable(StandardJpegTables.ChrominanceAcCodeCounts, StandardJpegTables.ChrominanceAcSymbols);
            components =
            [
                luma,
                new EncoderComponent(2, 1, 1, 1, chromaQuantization, chromaDc, chromaAc, mcusPerLine, mcuRows),
                new EncoderComponent(3, 1, 1, 1, chromaQuantization, chromaDc, chromaAc, mcusPerLine, mcuRows),
            ];
        }

        TransformAndQuantize(image, components, mcuSize, mcusPerLine, mcuRows);

        using var output = new MemoryStream();
        var headers = new JpegHeaderWriter(output);
        headers.WriteStartOfImage();
        headers.WriteJfif();
        headers.WriteQuantizationTables(components);
        headers.WriteBaselineFrame(image.Width, image.Height, components);
        headers.WriteHuffmanTables(components);
        headers.WriteScanHeader(components);
        EncodeScan(output, components, mcusPerLine, mcuRows);
        headers.WriteEndOfImage();
        return output.ToArray();
    }

    // Colour conversion, forward DCT and quantization of every block, MCU rows in parallel.
    private static void TransformAndQuantize(Image image, EncoderComponent[] components, int mcuSize, int mcusPerLine, int mcuRows)
    {
        int chromaScale = mcuSize / 8;
        var sampler = new EncoderBlockSampler(image, mcuSize, chromaScale, mcusPerLine);
        bool hasChroma = components.Length == 3;
        ParallelRange.For(mcuRows, ParallelRange.ChunkSize(mcuRows, minItemsPerChunk: 2), (firstMcuRow, endMcuRow) =>
        {
            var luma = new float[sampler.LumaLength];
            var blue = new float[hasChroma ? sampler.ChromaLength : 0];
            var red = new float[hasChroma ? sampler.ChromaLength : 0];
            Span<float> block = stackalloc float[64];
            for (int mcuRow = firstMcuRow; mcuRow < endMcuRow; mcuRow++)
            {
                sampler.FillMcuRow(mcuRow, luma, blue, red);
                QuantizeBlockRows(components[0], luma, sampler.LumaStride, mcuRow, block);
                if (!hasChroma) continue;
                QuantizeBlockRows(components[1], blue, sampler.ChromaStride, mcuRow, block);
                QuantizeBlockRows(components[2], red, sampler.ChromaStride, mcuRow, block);
            }
        });
    }

    // Transforms the blocks of one component that lie in MCU row `mcuRow`, given that row's plane.
    private static void QuantizeBlockRows(EncoderComponent component, float[] plane, int stride, int mcuRow, Span<float> block)
    {
        var quantization = component.Quantization;
        var naturalIndex = JpegZigZag.NaturalIndex;
        for (int rowInMcu = 0; rowInMcu < component.VerticalSampling; rowInMcu++)
        {
            int blockRow = mcuRow * component.VerticalSampling + rowInMcu;
            for (int column = 0; column < component.BlocksPerLine; column++)
            {
                EncoderBlockSampler.CopyBlock(plane, stride, rowInMcu * 8, column, block);
                ForwardDct.Transform(block);
                var output = component.Coefficients.AsSpan((blockRow * component.BlocksPerLine + column) * 64, 64);
                for (int k = 0; k < 64; k++)
                {
                    int natural = naturalIndex[k];
                    float value = MathF.Round(block[natural] / quantization[natural], MidpointRounding.AwayFromZero);
                    // Baseline Huffman codes cover DC values of 11 bits and AC values of 10 bits.
                    int limit = k == 0 ? 2047 : 1023;
                    output[k] = (short)Math.Clamp((int)value, -limit, limit);
                }
            }
        }
    }

    // Huffman-codes the interleaved scan: MCU by MCU, each component's blocks in raster order within the MCU.
    private static void EncodeScan(Stream output, EncoderComponent[] components, int mcusPerLine, int mcuRows)
    {
        var writer = new EntropyBitWriter(output);
        var previousDc = new int[components.Length];
        for (int mcuRow = 0; mcuRow < mcuRows; mcuRow++)
        {
            for (int mcuColumn = 0; mcuColumn < mcusPerLine; mcuColumn++)
            {
                for (int i = 0; i < components.Length; i++)
                {
                    var component = components[i];
                    for (int y = 0; y < component.VerticalSampling; y++)
                    {
                        for (int x = 0; x < component.HorizontalSampling; x++)
                        {
                            int blockRow = mcuRow * component.VerticalSampling + y;
                            int blockColumn = mcuColumn * component.HorizontalSampling + x;
                            var block = component.Coefficients.AsSpan((blockRow * component.BlocksPerLine + blockColumn) * 64, 64);
                            EncodeBlock(writer, component, block, ref previousDc[i]);
                        }
                    }
                }
            }
        }
        writer.Flush();
    }

    // One block (T.81 F.1.2): the DC difference as (category, extra bits), then the AC
    // coefficients as (zero run, category) symbols with extra bits, ZRL for 16 zeros, EOB at the end.
    private static void EncodeBlock(EntropyBitWriter writer, EncoderComponent component, ReadOnlySpan<short> block, ref int previousDc)
    {
        int difference = block[0] - previousDc;
        previousDc = block[0];
        int category = MagnitudeCategory(difference);
        writer.WriteSymbol(component.DcTable, category);
        if (category > 0) writer.Write(ExtraBits(difference), category);

        int zeroRun = 0;
        for (int k = 1; k < 64; k++)
        {
            int value = block[k];
            if (value == 0)
            {
                zeroRun++;
                continue;
            }
            for (; zeroRun >= 16; zeroRun -= 16) writer.WriteSymbol(component.AcTable, 0xF0);
            category = MagnitudeCategory(value);
            writer.WriteSymbol(component.AcTable, (zeroRun << 4) | category);
            writer.Write(ExtraBits(value), category);
            zeroRun = 0;
        }
        if (zeroRun > 0) writer.WriteSymbol(component.AcTable, 0x00);
    }

    // Number of bits needed for |value| (0 for 0).
    private static int MagnitudeCategory(int value) => value == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(value));

    // Negative values are sent as value - 1 in the category's bits (one's complement of |value|).
    private static int ExtraBits(int value) => value < 0 ? value - 1 : value;
}
