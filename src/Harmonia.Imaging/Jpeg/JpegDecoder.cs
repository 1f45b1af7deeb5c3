using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// Decodes JPEG files: baseline and extended sequential (SOF0/SOF1) and progressive (SOF2)
/// Huffman-coded 8-bit JPEG, any integer chroma subsampling, restart markers, greyscale, YCbCr,
/// RGB and Adobe CMYK/YCCK. Output matches libjpeg-turbo's <c>djpeg</c> defaults (accurate
/// integer IDCT, fancy upsampling). Arithmetic-coded, lossless, hierarchical and 12-bit files
/// are refused.
/// </summary>
public static class JpegDecoder
{
    /// <summary>
    /// Decodes <paramref name="data"/> into an image with the Exif orientation applied (so the
    /// result is upright as a viewer would show it). Greyscale files give 1 channel, all others
    /// 3 channels (RGB).
    /// </summary>
    /// <param name="data">The complete file.</param>
    /// <param name="limits">Size limits, checked against the frame header before any pixel memory is allocated.</param>
    /// <exception cref="ImageFormatException">The data is not a JPEG, is corrupt or truncated, uses an unsupported feature, or exceeds the limits.</exception>
    public static Image Decode(ReadOnlySpan<byte> data, DecodeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var file = new JpegFileDecoder(data.ToArray(), limits);
        file.Decode();
        var stored = JpegPixelOutput.Build(file.Frame, file.ColorSpace());
        return ExifOrientationTransform.Apply(stored, file.Orientation);
    }
}
