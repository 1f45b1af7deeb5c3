using System.Buffers.Binary;
using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Png;

/// <summary>The validated contents of an IHDR chunk and the row geometry it implies.</summary>
internal readonly record struct PngHeader(int Width, int Height, int BitDepth, PngColorType ColorType, bool Interlaced)
{
    /// <summary>IHDR's data is always exactly this long.</summary>
    public const int ChunkLength = 13;

    /// <summary>Samples per pixel in the file (a palette index counts as one).</summary>
    public int SamplesPerPixel => ColorType switch
    {
        PngColorType.Grey or PngColorType.Palette => 1,
        PngColorType.GreyAlpha => 2,
        PngColorType.Rgb => 3,
        _ => 4,
    };

    /// <summary>Bits one pixel takes in a scanline.</summary>
    public int BitsPerPixel => SamplesPerPixel * BitDepth;

    /// <summary>
    /// The byte distance the Sub, Average and Paeth filters look back: one whole pixel, or
    /// one byte when pixels are smaller than a byte.
    /// </summary>
    public int FilterStride => Math.Max(1, BitsPerPixel / 8);

    /// <summary>Bytes of pixel data in a scanline of <paramref name="pixels"/> pixels, without the filter byte.</summary>
    public long RowBytes(int pixels) => ((long)pixels * BitsPerPixel + 7) / 8;

    /// <summary>Parses and validates the 13 data bytes of an IHDR chunk.</summary>
    public static PngHeader Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length != ChunkLength)
            throw new ImageFormatException($"IHDR chunk must be {ChunkLength} bytes long, found {data.Length}.");

        uint width = BinaryPrimitives.ReadUInt32BigEndian(data);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        byte bitDepth = data[8], colorType = data[9], compression = data[10], filter = data[11], interlace = data[12];

        // The PNG specification caps dimensions at 2^31 - 1 and forbids zero.
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
            throw new ImageFormatException($"IHDR declares an invalid size {width}x{height} (each side must be 1 to 2147483647).");

        bool depthAllowed = colorType switch
        {
            0 => bitDepth is 1 or 2 or 4 or 8 or 16,
            3 => bitDepth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => bitDepth is 8 or 16,
            _ => throw new ImageFormatException($"IHDR declares unknown colour type {colorType} (valid: 0, 2, 3, 4, 6)."),
        };
        if (!depthAllowed)
            throw new ImageFormatException($"IHDR declares bit depth {bitDepth}, which colour type {colorType} does not allow.");
        if (compression != 0)
            throw new ImageFormatException($"IHDR declares unknown compression method {compression} (only 0, zlib, exists).");
        if (filter != 0)
            throw new ImageFormatException($"IHDR declares unknown filter method {filter} (only 0 exists).");
        if (interlace > 1)
            throw new ImageFormatException($"IHDR declares unknown interlace method {interlace} (valid: 0 none, 1 Adam7).");

        return new PngHeader((int)width, (int)height, bitDepth, (PngColorType)colorType, interlace == 1);
    }

    /// <summary>Writes the 13 IHDR data bytes for this header (compression, filter method 0).</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)Width);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)Height);
        destination[8] = (byte)BitDepth;
        destination[9] = (byte)ColorType;
        destination[10] = 0;
        destination[11] = 0;
        destination[12] = Interlaced ? (byte)1 : (byte)0;
    }
}
