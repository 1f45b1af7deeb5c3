using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Png;

/// <summary>
/// What a PNG file's chunks say, after checking their order: the header, the palette and
/// transparency if present, and the concatenated (still compressed) data of all IDAT chunks.
/// </summary>
internal sealed class PngFileStructure
{
    private PngFileStructure(PngHeader header, PngPalette? palette, PngTransparency? transparency, byte[] compressedData, int compressedLength)
    {
        Header = header;
        Palette = palette;
        Transparency = transparency;
        CompressedData = compressedData;
        CompressedLength = compressedLength;
    }

    public PngHeader Header { get; }
    public PngPalette? Palette { get; }
    public PngTransparency? Transparency { get; }

    /// <summary>The zlib stream split across the IDAT chunks, joined; only the first <see cref="CompressedLength"/> bytes count.</summary>
    public byte[] CompressedData { get; }
    public int CompressedLength { get; }

    /// <summary>
    /// Reads every chunk up to IEND (bytes after IEND are ignored), verifying CRCs and the
    /// chunk-order rules of the PNG specification. Ancillary chunks other than tRNS are skipped.
    /// </summary>
    public static PngFileStructure Read(ReadOnlySpan<byte> file)
    {
        if (!file.StartsWith(PngChunkReader.Signature))
            throw new ImageFormatException("Not a PNG file: the 8-byte PNG signature is missing.");

        var reader = new PngChunkReader(file);
        if (reader.AtEnd)
            throw new ImageFormatException("File is truncated: it ends right after the PNG signature, before IHDR.");
        var first = reader.ReadNext();
        if (first.Type != PngChunkTypes.IHDR)
            throw new ImageFormatException($"First chunk is {first.Name}; a PNG file must start with IHDR.");
        var header = PngHeader.Parse(first.Data);

        PngPalette? palette = null;
        PngTransparency? transparency = null;
        var compressed = new MemoryStream();
        bool seenIdat = false, idatRunEnded = false, seenEnd = false;

        while (!reader.AtEnd)
        {
            var chunk = reader.ReadNext();
            if (chunk.Type == PngChunkTypes.IDAT)
            {
                if (idatRunEnded)
                    throw new ImageFormatException("IDAT chunks are not consecutive: another chunk sits between them.");
                seenIdat = true;
                compressed.Write(chunk.Data);
                continue;
            }
            if (seenIdat) idatRunEnded = true;

            switch (chunk.Type)
            {
                case PngChunkTypes.IEND:
                    if (chunk.Data.Length != 0)
                        throw new ImageFormatException($"IEND chunk must be empty, found {chunk.Data.Length} bytes.");
                    seenEnd = true;
                    break;
                case PngChunkTypes.IHDR:
                    throw new ImageFormatException("File has a second IHDR chunk.");
                case PngChunkTypes.PLTE:
                    if (palette is not null) throw new ImageFormatException("File has a second PLTE chunk.");
                    if (seenIdat) throw new ImageFormatException("PLTE chunk appears after IDAT; it must come before the image data.");
                    if (transparency is not null) throw new ImageFormatException("PLTE chunk appears after tRNS; it must come before it.");
                    if (header.ColorType is PngColorType.Grey or PngColorType.GreyAlpha)
                        throw new ImageFormatException("PLTE chunk is not allowed in a greyscale image.");
                    palette = PngPalette.Parse(chunk.Data);
                    break;
                case PngChunkTypes.tRNS:
                    if (transparency is not null) throw new ImageFormatException("File has a second tRNS chunk.");
                    if (seenIdat) throw new ImageFormatException("tRNS chunk appears after IDAT; it must come before the image data.");
                    transparency = PngTransparency.Parse(chunk.Data, header, palette);
                    break;
                default:
                    if (chunk.IsCritical)
                        throw new ImageFormatException($"Unknown critical chunk {chunk.Name}: the image cannot be decoded without understanding it.");
                    break; // ancillary (text, gamma, colour profile, ...): not needed for the pixels
            }
            if (seenEnd) break;
        }

        if (!seenIdat)
            throw new ImageFormatException(seenEnd ? "File has no IDAT chunk: it holds no image data." : "File is truncated: it ends before any IDAT chunk.");
        if (!seenEnd)
            throw new ImageFormatException("File is truncated: it ends before the IEND chunk.");
        if (header.ColorType == PngColorType.Palette && palette is null)
            throw new ImageFormatException("Palette image has no PLTE chunk.");

        return new PngFileStructure(header, palette, transparency, compressed.GetBuffer(), (int)compressed.Length);
    }
}
