using System.Buffers.Binary;
using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Png;

/// <summary>
/// The contents of a tRNS chunk: per-entry alpha for palette images, or the one colour that is
/// fully transparent for grey and RGB images (in the file's own sample precision).
/// </summary>
internal sealed class PngTransparency
{
    /// <summary>Alpha of the first palette entries (the rest stay opaque); null for non-palette images.</summary>
    public byte[]? PaletteAlpha { get; private init; }

    /// <summary>Transparent grey sample for grey images.</summary>
    public int GreyKey { get; private init; } = -1;

    /// <summary>Transparent colour's samples for RGB images.</summary>
    public int RedKey { get; private init; } = -1;
    /// <inheritdoc cref="RedKey"/>
    public int GreenKey { get; private init; } = -1;
    /// <inheritdoc cref="RedKey"/>
    public int BlueKey { get; private init; } = -1;

    /// <summary>Parses tRNS data for an image with <paramref name="header"/> and its palette, if any.</summary>
    public static PngTransparency Parse(ReadOnlySpan<byte> data, PngHeader header, PngPalette? palette)
    {
        switch (header.ColorType)
        {
            case PngColorType.Palette:
                if (palette is null)
                    throw new ImageFormatException("tRNS chunk appears before PLTE; for palette images it must follow it.");
                if (data.Length > palette.Count)
                    throw new ImageFormatException($"tRNS chunk has {data.Length} alpha values but the palette has only {palette.Count} entries.");
                return new PngTransparency { PaletteAlpha = data.ToArray() };
            case PngColorType.Grey:
                if (data.Length != 2)
                    throw new ImageFormatException($"tRNS chunk for a greyscale image must be 2 bytes long, found {data.Length}.");
                return new PngTransparency { GreyKey = BinaryPrimitives.ReadUInt16BigEndian(data) };
            case PngColorType.Rgb:
                if (data.Length != 6)
                    throw new ImageFormatException($"tRNS chunk for an RGB image must be 6 bytes long, found {data.Length}.");
                return new PngTransparency
                {
                    RedKey = BinaryPrimitives.ReadUInt16BigEndian(data),
                    GreenKey = BinaryPrimitives.ReadUInt16BigEndian(data[2..]),
                    BlueKey = BinaryPrimitives.ReadUInt16BigEndian(data[4..]),
                };
            default:
                throw new ImageFormatException($"tRNS chunk is not allowed in a colour type {(int)header.ColorType} image, which already has an alpha channel.");
        }
    }
}
