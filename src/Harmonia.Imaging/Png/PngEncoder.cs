using System.Buffers.Binary;
using System.IO.Compression;

namespace Harmonia.Imaging.Png;

/// <summary>
/// Encodes 8-bit grey (1 channel), RGB (3) and RGBA (4) images as non-interlaced PNG.
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
        var colorType = image.Channels switch
        {
            1 => PngColorType.Grey,
            3 => PngColorType.Rgb,
            4 => PngColorType.Rgba,
            _ => throw new ArgumentException($"PNG encoder supports 1, 3 or 4 channels, not {image.Channels}.", nameof(image)),
        };
        var header = new PngHeader(image.Width, image.Height, 8, colorType, Interlaced: false);

        byte[] compressed = CompressRows(image, compressionLevel, out int compressedLength);

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

    private static byte[] CompressRows(Image image, CompressionLevel level, out int length)
    {
        int channels = image.Channels;
        int rowBytes = image.Width * channels;
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
        {
            // One scratch row per filter type; slot 0 of each holds the filter byte.
            var candidates = new byte[ScanlineFilter.Count][];
            for (int f = 0; f < candidates.Length; f++) candidates[f] = new byte[1 + rowBytes];
            var zeroRow = new byte[rowBytes];

            for (int y = 0; y < image.Height; y++)
            {
                var row = image.Pixels.AsSpan(y * rowBytes, rowBytes);
                var previous = y == 0 ? zeroRow : image.Pixels.AsSpan((y - 1) * rowBytes, rowBytes);
                zlib.Write(ChooseFilteredRow(row, previous, channels, candidates));
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

    private static void WriteChunk(Stream output, uint type, ReadOnlySpan<byte> data)
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
