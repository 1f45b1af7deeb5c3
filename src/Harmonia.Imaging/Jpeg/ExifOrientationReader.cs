using System.Buffers.Binary;

namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// Finds the Orientation tag (0x0112) in the first IFD of an APP1 Exif segment. The segment is
/// a TIFF structure in either byte order; every offset is bounds-checked, and anything malformed
/// just means "no orientation", because a broken Exif block must not stop the picture decoding.
/// </summary>
internal static class ExifOrientationReader
{
    private const ushort OrientationTag = 0x0112;
    private const ushort TypeShort = 3;
    private const ushort TypeLong = 4;

    /// <summary>
    /// Returns the orientation 1..8 from an APP1 segment body (after the length field), or null
    /// if the segment is not Exif, is malformed, or has no valid orientation.
    /// </summary>
    public static int? TryRead(ReadOnlySpan<byte> app1)
    {
        ReadOnlySpan<byte> signature = "Exif\0\0"u8;
        if (!app1.StartsWith(signature)) return null;
        var tiff = app1[signature.Length..];
        if (tiff.Length < 8) return null;

        bool bigEndian;
        if (tiff[0] == 'I' && tiff[1] == 'I') bigEndian = false;
        else if (tiff[0] == 'M' && tiff[1] == 'M') bigEndian = true;
        else return null;
        if (ReadUInt16(tiff, 2, bigEndian) != 42) return null;

        long ifdOffset = ReadUInt32(tiff, 4, bigEndian);
        if (ifdOffset < 8 || ifdOffset > tiff.Length - 2) return null;
        int ifd = (int)ifdOffset;
        int entryCount = ReadUInt16(tiff, ifd, bigEndian);
        for (int i = 0; i < entryCount; i++)
        {
            int entry = ifd + 2 + 12 * i;
            if (entry > tiff.Length - 12) return null;
            if (ReadUInt16(tiff, entry, bigEndian) != OrientationTag) continue;
            ushort type = ReadUInt16(tiff, entry + 2, bigEndian);
            uint count = ReadUInt32(tiff, entry + 4, bigEndian);
            if (count != 1) return null;
            // A value that fits in four bytes is stored in the entry itself, left-aligned.
            long value = type switch
            {
                TypeShort => ReadUInt16(tiff, entry + 8, bigEndian),
                TypeLong => ReadUInt32(tiff, entry + 8, bigEndian),
                _ => 0,
            };
            return value is >= 1 and <= 8 ? (int)value : null;
        }
        return null;
    }

    private static ushort ReadUInt16(ReadOnlySpan<byte> data, int offset, bool bigEndian) => bigEndian
        ? BinaryPrimitives.ReadUInt16BigEndian(data.Slice(offset, 2))
        : BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(offset, 2));

    private static uint ReadUInt32(ReadOnlySpan<byte> data, int offset, bool bigEndian) => bigEndian
        ? BinaryPrimitives.ReadUInt32BigEndian(data.Slice(offset, 4))
        : BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(offset, 4));
}
