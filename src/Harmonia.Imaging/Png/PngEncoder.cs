using System.Buffers.Binary;
using System.IO.Compression;

namespace Harmonia.Imaging.Png;

/// <summary>
/// Encodes 8-bit grey (1 channel), RGB (3) and RGBA (4) images, and 16-bit ones (<see cref="Image16"/>),
/// as non-interlaced PNG.
/// Each row gets the filter whose output has the smallest sum of absolute values (bytes read
/// as signed), the heuristic libpng uses; the filtered rows are zlib-compressed.
/// </summary>
public static class PngEncoder
{
    // IDAT chunks are split at this size; any size is valid, moderate ones keep readers' buffers small.
    private const int MaxIdatChunkLength = 1 << 18;

    /// <summary>Encodes <paramref name="image"/> with the default (optimal) compression level.</summary>
    public static byte[] Encode(Image image) => Encode(image, CompressionLevel.Optimal);

    /// <summary>Encodes <paramref name="image"/> with the given zlib compression level.</summary>
    public static byte[] Encode(Image image, CompressionLevel compressionLevel)
    {
        ArgumentNullException.ThrowIfNull(image);
        var header = new PngHeader(image.Width, image.Height, 8, ColorTypeFor(image.Channels), Interlaced: false);
        byte[] compressed = CompressRows(image.Pixels, image.Width * image.Channels, image.Height, image.Channels, compressionLevel, out int compressedLength);
        return Assemble(header, compressed, compressedLength);
    }

    /// <summary>Encodes a 16-bit image as a 16-bit PNG, with the default (optimal) compression level.</summary>
    public static byte[] Encode(Image16 image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var header = new PngHeader(image.Width, image.Height, 16, ColorTypeFor(image.Channels), Interlaced: false);
        // PNG stores 16-bit samples big-endian.
        var bytes = new byte[image.Samples.LongLength * 2];
        for (long i = 0; i < image.Samples.LongLength; i++)
        {
            bytes[2 * i] = (byte)(image.Samples[i] >> 8);
            bytes[2 * i + 1] = (byte)image.Samples[i];
        }
        int rowBytes = image.Width * image.Channels * 2;
        byte[] compressed = CompressRows(bytes, rowBytes, image.Height, image.Channels * 2, CompressionLevel.Optimal, out int compressedLength);
        return Assemble(header, compressed, compressedLength);
    }

    private static PngColorType ColorTypeFor(int channels) => channels switch
    {
        1 => PngColorType.Grey,
        3 => PngColorType.Rgb,
        4 => PngColorType.Rgba,
        _ => throw new ArgumentException($"PNG encoder supports 1, 3 or 4 channels, not {channels}.", nameof(channels)),
    };

    private static byte[] Assemble(PngHeader header, byte[] compressed, int compressedLength)
    {
        var output = new MemoryStream(compressedLength + 1024);
        output.Write(PngChunkReader.Signature);
        Span<byte> ihdr = stackalloc byte[PngHeader.ChunkLength];
        header.Write(ihdr);
        WriteChunk(output, PngChunkTypes.IHDR, ihdr);
        for (int offset = 0; offset < compressedLength; offset += MaxIdatChunkLength)
            WriteChunk(output, PngChunkTypes.IDAT, compressed.AsSpan(offset, Math.Min(MaxIdatChunkLength, compressedLength - offset)));
        WriteChunk(output, PngChunkTypes.IEND, []);
        return output.ToArray();
    }

    // filterStride: bytes per pixel, the distance the Sub, Average and Paeth filters look back.
    private static byte[] CompressRows(byte[] rows, int rowBytes, int height, int filterStride, CompressionLevel level, out int length)
    {
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
        {
            // One scratch row per filter type; slot 0 of each holds the filter byte.
            var candidates = new byte[ScanlineFilter.Count][];
            for (int f = 0; f < candidates.Length; f++) candidates[f] = new byte[1 + rowBytes];
            var zeroRow = new byte[rowBytes];

            for (int y = 0; y < height; y++)
            {
                var row = rows.AsSpan(y * rowBytes, rowBytes);
                var previous = y == 0 ? zeroRow : rows.AsSpan((y - 1) * rowBytes, rowBytes);
                zlib.Write(ChooseFilteredRow(row, previous, filterStride, candidates));
            }
        }
        length = (int)compressed.Length;
        return compressed.GetBuffer();
    }

    /// <summary>
    /// Filters <paramref name="row"/> with every filter type and returns the candidate (filter
    /// byte + filtered row) with the smallest sum of absolute signed values: small residuals
    /// compress best.
    /// </summary>
    internal static ReadOnlySpan<byte> ChooseFilteredRow(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int stride, byte[][] candidates)
    {
        int best = 0;
        long bestScore = long.MaxValue;
        for (byte f = 0; f < ScanlineFilter.Count; f++)
        {
            var candidate = candidates[f];
            candidate[0] = f;
            ScanlineFilter.Apply(f, row, previous, stride, candidate.AsSpan(1));
            long score = SumOfAbsoluteSignedBytes(candidate.AsSpan(1));
            if (score < bestScore) { bestScore = score; best = f; }
        }
        return candidates[best];
    }

    private static long SumOfAbsoluteSignedBytes(ReadOnlySpan<byte> bytes)
    {
        long sum = 0;
        foreach (byte b in bytes)
        {
            int signed = (sbyte)b; // as int, so -128 has a magnitude
            sum += signed < 0 ? -signed : signed;
        }
        return sum;
    }

    /// <summary>Writes one chunk: its length, type, data and the CRC of type and data.</summary>
    internal static void WriteChunk(Stream output, uint type, ReadOnlySpan<byte> data)
    {
        var typeAndData = new byte[4 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(typeAndData, type);
        data.CopyTo(typeAndData.AsSpan(4));
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        output.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(typeAndData));
        output.Write(word);
    }
}
