using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Png;

/// <summary>
/// Decodes PNG files of every standard colour type (grey, RGB, palette, grey+alpha, RGBA),
/// every bit depth (1, 2, 4, 8, 16) and both interlace methods into an 8-bit
/// <see cref="Image"/>, or a 16-bit file into an <see cref="Image16"/> at full precision. Ancillary chunks other than tRNS (gamma, colour profiles, text)
/// are ignored.
/// </summary>
/// <remarks>
/// Output channels: 4 (RGBA) when the file has an alpha channel or a tRNS chunk, otherwise
/// 3 for RGB and palette images and 1 for grey. Grey+alpha becomes RGBA. 16-bit samples are
/// rounded to 8 bits (round(v·255/65535)); sub-byte grey is scaled to the full 0–255 range.
/// </remarks>
public static class PngDecoder
{
    // Image data smaller than expected/1032 is certainly truncated (DecodeLimits.PngMaxInflationRatio);
    // refusing it early keeps a tiny file from making the decoder allocate a huge image buffer.
    private const int MaxDeflateRatio = DecodeLimits.PngMaxInflationRatio;

    /// <summary>True when <paramref name="data"/> starts with the PNG signature.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> data) => data.StartsWith(PngChunkReader.Signature);

    /// <summary>
    /// Decodes a whole PNG file held in memory.
    /// </summary>
    /// <exception cref="ImageFormatException">The data is not a valid PNG, is truncated or
    /// corrupt, or declares more pixels than <paramref name="limits"/> allows.</exception>
    public static Image Decode(ReadOnlySpan<byte> data, DecodeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var file = PngFileStructure.Read(data);
        var converter = new PngPixelConverter(file.Header, file.Palette, file.Transparency);
        int channels = converter.OutputChannels;
        var pixels = new byte[CheckedPixelCount(file, limits, channels) * channels];
        Inflate(file, (row, pixelCount, firstPixel, pixelStep) =>
            converter.ConvertRow(row, pixelCount, pixels, (int)(firstPixel * channels), pixelStep * channels));
        return new Image(file.Header.Width, file.Header.Height, channels, pixels);
    }

    /// <summary>
    /// Decodes a 16-bit PNG keeping its full precision; returns null when the file's bit depth is not 16
    /// (then <see cref="Decode"/> loses nothing). Channels follow the same rule as <see cref="Decode"/>'s.
    /// </summary>
    /// <exception cref="ImageFormatException">As for <see cref="Decode"/>.</exception>
    public static Image16? DecodeSixteenBit(ReadOnlySpan<byte> data, DecodeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var file = PngFileStructure.Read(data);
        if (file.Header.BitDepth != 16)
            return null;
        var converter = new PngSixteenBitConverter(file.Header, file.Transparency);
        int channels = converter.OutputChannels;
        var samples = new ushort[CheckedPixelCount(file, limits, channels) * channels];
        Inflate(file, (row, pixelCount, firstPixel, pixelStep) =>
            converter.ConvertRow(row, pixelCount, samples, firstPixel * channels, pixelStep * channels));
        return new Image16(file.Header.Width, file.Header.Height, channels, samples);
    }

    /// <summary>Receives one reconstructed scanline: its first <paramref name="pixelCount"/> pixels go to pixel
    /// <paramref name="firstPixel"/> of the image and every <paramref name="pixelStep"/>-th pixel after it.</summary>
    private delegate void RowSink(ReadOnlySpan<byte> row, int pixelCount, long firstPixel, int pixelStep);

    private static long CheckedPixelCount(PngFileStructure file, DecodeLimits limits, int channels)
    {
        var header = file.Header;
        long pixelCount = (long)header.Width * header.Height;
        if (pixelCount > limits.MaxPixels)
            throw new ImageFormatException($"Image is {header.Width}x{header.Height} = {pixelCount} pixels, above the limit of {limits.MaxPixels} pixels.");
        if (pixelCount * channels > Array.MaxLength || header.RowBytes(header.Width) + 1 > Array.MaxLength)
            throw new ImageFormatException($"Image is {header.Width}x{header.Height} with {channels} channels, too large for one buffer.");
        return pixelCount;
    }

    private static void Inflate(PngFileStructure file, RowSink sink)
    {
        var header = file.Header;
        var passes = header.Interlaced ? InterlacePass.Adam7 : InterlacePass.NotInterlaced;
        long expectedBytes = 0;
        foreach (var pass in passes)
        {
            int passWidth = pass.Width(header.Width), passHeight = pass.Height(header.Height);
            if (passWidth > 0 && passHeight > 0)
                expectedBytes += passHeight * (1 + header.RowBytes(passWidth));
        }
        if ((long)file.CompressedLength * MaxDeflateRatio + 64 < expectedBytes)
            throw new ImageFormatException(
                $"Image data is truncated: {file.CompressedLength} compressed bytes cannot inflate to the {expectedBytes} bytes a {header.Width}x{header.Height} image needs.");

        using var inflater = new ImageDataInflater(file.CompressedData, file.CompressedLength, expectedBytes);
        DecodePasses(inflater, header, passes, sink);
        inflater.VerifyEnd();
    }

    private static void DecodePasses(ImageDataInflater inflater, PngHeader header, InterlacePass[] passes, RowSink sink)
    {
        int maxRowBytes = (int)header.RowBytes(header.Width);
        // Each buffer holds a filter-type byte followed by the row; the two swap every row.
        var current = new byte[1 + maxRowBytes];
        var previous = new byte[1 + maxRowBytes];
        int stride = header.FilterStride;

        for (int p = 0; p < passes.Length; p++)
        {
            var pass = passes[p];
            int passWidth = pass.Width(header.Width), passHeight = pass.Height(header.Height);
            if (passWidth == 0 || passHeight == 0) continue; // empty passes have no bytes at all
            int rowBytes = (int)header.RowBytes(passWidth);
            Array.Clear(previous, 0, 1 + rowBytes);

            for (int r = 0; r < passHeight; r++)
            {
                inflater.ReadExactly(current.AsSpan(0, 1 + rowBytes));
                byte filterType = current[0];
                if (filterType >= ScanlineFilter.Count)
                    throw new ImageFormatException(header.Interlaced
                        ? $"Invalid filter type {filterType} on row {r} of interlace pass {p + 1} (valid: 0 to 4)."
                        : $"Invalid filter type {filterType} on row {r} (valid: 0 to 4).");
                var row = current.AsSpan(1, rowBytes);
                ScanlineFilter.Reconstruct(filterType, row, previous.AsSpan(1, rowBytes), stride);

                long y = pass.YStart + (long)r * pass.YStep;
                sink(row, passWidth, y * header.Width + pass.XStart, pass.XStep);
                (current, previous) = (previous, current);
            }
        }
    }
}
