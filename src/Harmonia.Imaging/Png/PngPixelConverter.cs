using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Png;

/// <summary>
/// Turns reconstructed (unfiltered) scanlines of any PNG colour type and bit depth into
/// 8-bit interleaved output pixels: 1 channel for grey, 3 for RGB or palette, 4 whenever the
/// file carries alpha (an alpha channel or a tRNS chunk). Grey with alpha becomes RGBA.
/// </summary>
internal sealed class PngPixelConverter
{
    private readonly PngHeader header;
    private readonly byte[] paletteRgba;   // 256 entries × RGBA, alpha 255 where tRNS gives none
    private readonly int paletteCount;
    private readonly PngTransparency? transparency;

    /// <summary>Prepares conversion for <paramref name="header"/>; <paramref name="palette"/> is required for palette images.</summary>
    public PngPixelConverter(PngHeader header, PngPalette? palette, PngTransparency? transparency)
    {
        this.header = header;
        this.transparency = transparency;
        paletteRgba = new byte[256 * 4];
        if (palette is not null)
        {
            paletteCount = palette.Count;
            for (int i = 0; i < palette.Count; i++)
            {
                paletteRgba[4 * i] = palette.Rgb[3 * i];
                paletteRgba[4 * i + 1] = palette.Rgb[3 * i + 1];
                paletteRgba[4 * i + 2] = palette.Rgb[3 * i + 2];
                paletteRgba[4 * i + 3] = 255;
            }
            if (transparency?.PaletteAlpha is { } alpha)
                for (int i = 0; i < alpha.Length; i++)
                    paletteRgba[4 * i + 3] = alpha[i];
        }
        OutputChannels = OutputChannelsFor(header.ColorType, transparency is not null);
    }

    /// <summary>Channels of the decoded image: 1, 3 or 4.</summary>
    public int OutputChannels { get; }

    /// <summary>The channel count a file of this colour type decodes to.</summary>
    public static int OutputChannelsFor(PngColorType colorType, bool hasTransparencyChunk) => colorType switch
    {
        PngColorType.GreyAlpha or PngColorType.Rgba => 4,
        _ when hasTransparencyChunk => 4,
        PngColorType.Grey => 1,
        _ => 3,
    };

    /// <summary>
    /// Converts the first <paramref name="pixelCount"/> pixels of <paramref name="row"/>, writing
    /// pixel i at <c>output[firstOffset + i * pixelStep]</c> (interlace passes write every
    /// n-th pixel of an output row).
    /// </summary>
    public void ConvertRow(ReadOnlySpan<byte> row, int pixelCount, Span<byte> output, int firstOffset, int pixelStep)
    {
        switch (header.ColorType)
        {
            case PngColorType.Grey when header.BitDepth < 8:
                ConvertLowDepthGrey(row, pixelCount, output, firstOffset, pixelStep);
                break;
            case PngColorType.Palette:
                ConvertPalette(row, pixelCount, output, firstOffset, pixelStep);
                break;
            case PngColorType.Grey:
            case PngColorType.Rgb:
                ConvertOpaqueSamples(row, pixelCount, output, firstOffset, pixelStep);
                break;
            case PngColorType.GreyAlpha:
                ConvertGreyAlpha(row, pixelCount, output, firstOffset, pixelStep);
                break;
            case PngColorType.Rgba:
                ConvertRgba(row, pixelCount, output, firstOffset, pixelStep);
                break;
        }
    }

    /// <summary>16-bit sample to 8 bits, rounded: round(v·255/65535) = round(v/257).</summary>
    private static byte Reduce16(int value) => (byte)((value + 128) / 257);

    private static int ReadSample16(ReadOnlySpan<byte> row, int index) => (row[2 * index] << 8) | row[2 * index + 1];

    // Sub-byte samples are packed most significant bits first.
    private static int ReadPackedSample(ReadOnlySpan<byte> row, int index, int bitDepth)
    {
        int bit = index * bitDepth;
        return (row[bit >> 3] >> (8 - bitDepth - (bit & 7))) & ((1 << bitDepth) - 1);
    }

    private void ConvertLowDepthGrey(ReadOnlySpan<byte> row, int pixelCount, Span<byte> output, int offset, int step)
    {
        int depth = header.BitDepth;
        int scale = 255 / ((1 << depth) - 1); // 1 bit → 255, 2 → 85, 4 → 17: exact scaling to 0..255
        int transparentKey = transparency?.GreyKey ?? -1;
        for (int i = 0; i < pixelCount; i++, offset += step)
        {
            int sample = ReadPackedSample(row, i, depth);
            byte grey = (byte)(sample * scale);
            if (transparency is null)
            {
                output[offset] = grey;
            }
            else
            {
                output[offset] = output[offset + 1] = output[offset + 2] = grey;
                output[offset + 3] = sample == transparentKey ? (byte)0 : (byte)255;
            }
        }
    }

    private void ConvertPalette(ReadOnlySpan<byte> row, int pixelCount, Span<byte> output, int offset, int step)
    {
        int depth = header.BitDepth;
        bool withAlpha = OutputChannels == 4;
        for (int i = 0; i < pixelCount; i++, offset += step)
        {
            int index = depth == 8 ? row[i] : ReadPackedSample(row, i, depth);
            if (index >= paletteCount)
                throw new ImageFormatException($"Pixel uses palette index {index}, but PLTE has only {paletteCount} entries.");
            int entry = 4 * index;
            output[offset] = paletteRgba[entry];
            output[offset + 1] = paletteRgba[entry + 1];
            output[offset + 2] = paletteRgba[entry + 2];
            if (withAlpha) output[offset + 3] = paletteRgba[entry + 3];
        }
    }

    // Grey (8/16 bit) or RGB, optionally with a tRNS colour key that makes matching pixels transparent.
    private void ConvertOpaqueSamples(ReadOnlySpan<byte> row, int pixelCount, Span<byte> output, int offset, int step)
    {
        int samples = header.SamplesPerPixel;
        bool sixteen = header.BitDepth == 16;
        if (transparency is null && !sixteen && step == samples)
        {
            row[..(samples * pixelCount)].CopyTo(output.Slice(offset, samples * pixelCount));
            return;
        }
        if (transparency is null)
        {
            for (int i = 0; i < pixelCount; i++, offset += step)
                for (int s = 0; s < samples; s++)
                    output[offset + s] = sixteen ? Reduce16(ReadSample16(row, i * samples + s)) : row[i * samples + s];
            return;
        }

        // With a colour key the file's full-precision samples are compared before reduction.
        ReadOnlySpan<int> key = samples == 1 ? [transparency.GreyKey] : [transparency.RedKey, transparency.GreenKey, transparency.BlueKey];
        for (int i = 0; i < pixelCount; i++, offset += step)
        {
            bool matches = true;
            for (int s = 0; s < samples; s++)
            {
                int sample = sixteen ? ReadSample16(row, i * samples + s) : row[i * samples + s];
                matches &= sample == key[s];
                byte value = sixteen ? Reduce16(sample) : (byte)sample;
                if (samples == 1) output[offset] = output[offset + 1] = output[offset + 2] = value;
                else output[offset + s] = value;
            }
            output[offset + 3] = matches ? (byte)0 : (byte)255;
        }
    }

    private void ConvertGreyAlpha(ReadOnlySpan<byte> row, int pixelCount, Span<byte> output, int offset, int step)
    {
        bool sixteen = header.BitDepth == 16;
        for (int i = 0; i < pixelCount; i++, offset += step)
        {
            byte grey = sixteen ? Reduce16(ReadSample16(row, 2 * i)) : row[2 * i];
            byte alpha = sixteen ? Reduce16(ReadSample16(row, 2 * i + 1)) : row[2 * i + 1];
            output[offset] = output[offset + 1] = output[offset + 2] = grey;
            output[offset + 3] = alpha;
        }
    }

    private void ConvertRgba(ReadOnlySpan<byte> row, int pixelCount, Span<byte> output, int offset, int step)
    {
        if (header.BitDepth == 8 && step == 4)
        {
            row[..(4 * pixelCount)].CopyTo(output.Slice(offset, 4 * pixelCount));
            return;
        }
        bool sixteen = header.BitDepth == 16;
        for (int i = 0; i < pixelCount; i++, offset += step)
            for (int s = 0; s < 4; s++)
                output[offset + s] = sixteen ? Reduce16(ReadSample16(row, 4 * i + s)) : row[4 * i + s];
    }
}
