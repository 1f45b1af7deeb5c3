using System.Buffers.Binary;
using System.IO.Compression;
using Harmonia.Imaging.Png;

namespace Harmonia.Fuzz;

/// <summary>
/// Builds a well-formed PNG container from arbitrary fuzz bytes, so that mutations reach the decoder's
/// pixel paths (unfiltering, Adam7 passes, bit unpacking, palettes, transparency) instead of stopping
/// at a checksum: every chunk is written by the encoder's own chunk writer, with its CRC, and the image
/// data is a valid zlib stream with its Adler-32. The header fields come from the first bytes, mostly kept to legal combinations but now
/// and then taken raw, so illegal ones are tried too.
/// </summary>
/// <remarks>
/// Input layout: [0] width − 1 (mod 64), [1] height − 1 (mod 64), [2] colour type, [3] bit depth,
/// [4] bit 0: Adam7, bit 1: a PLTE chunk, bit 2: a tRNS chunk, bit 3: the data split over two IDAT
/// chunks, bit 7: colour type and depth taken raw; [5] PLTE entries − 1; [6] tRNS length; then the PLTE
/// and tRNS bytes, and the rest is the filtered scanline data (filter bytes included) that is compressed.
/// </remarks>
internal static class StructuredPng
{
    private const int HeaderBytes = 7;
    private static readonly byte[] ColourTypes = [0, 2, 3, 4, 6];

    /// <summary>The PNG file the fuzz input describes.</summary>
    public static byte[] Build(byte[] input)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        input.AsSpan(0, Math.Min(HeaderBytes, input.Length)).CopyTo(header);
        int width = 1 + header[0] % 64, height = 1 + header[1] % 64;
        byte flags = header[4];
        byte colourType, bitDepth;
        if ((flags & 0x80) != 0)
        {
            colourType = header[2];
            bitDepth = header[3];
        }
        else
        {
            colourType = ColourTypes[header[2] % ColourTypes.Length];
            byte[] depths = colourType switch
            {
                0 => [1, 2, 4, 8, 16],
                3 => [1, 2, 4, 8],
                _ => [8, 16],
            };
            bitDepth = depths[header[3] % depths.Length];
        }

        int offset = Math.Min(HeaderBytes, input.Length);
        var png = new MemoryStream();
        png.Write(PngChunkReader.Signature);

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = bitDepth;
        ihdr[9] = colourType;
        ihdr[12] = (byte)(flags & 1);
        PngEncoder.WriteChunk(png, PngChunkTypes.IHDR, ihdr);

        if ((flags & 2) != 0 || colourType == 3)
            PngEncoder.WriteChunk(png, PngChunkTypes.PLTE, Take(input, ref offset, 3 * (1 + header[5])));
        if ((flags & 4) != 0)
            PngEncoder.WriteChunk(png, PngChunkTypes.tRNS, Take(input, ref offset, header[6]));

        byte[] compressed = Compress(input.AsSpan(offset));
        if ((flags & 8) != 0 && compressed.Length > 1)
        {
            int half = compressed.Length / 2;
            PngEncoder.WriteChunk(png, PngChunkTypes.IDAT, compressed.AsSpan(0, half));
            PngEncoder.WriteChunk(png, PngChunkTypes.IDAT, compressed.AsSpan(half));
        }
        else
        {
            PngEncoder.WriteChunk(png, PngChunkTypes.IDAT, compressed);
        }
        PngEncoder.WriteChunk(png, PngChunkTypes.IEND, []);
        return png.ToArray();
    }

    // Up to `count` bytes from the input (fewer when it runs out).
    private static byte[] Take(byte[] input, ref int offset, int count)
    {
        int taken = Math.Clamp(input.Length - offset, 0, count);
        byte[] bytes = input.AsSpan(offset, taken).ToArray();
        offset += taken;
        return bytes;
    }

    private static byte[] Compress(ReadOnlySpan<byte> data)
    {
        var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            zlib.Write(data);
        return buffer.ToArray();
    }
}
