namespace Harmonia.Imaging.Files;

/// <summary>Forwards JPEG decoding and encoding from <see cref="ImageFile"/> to the JPEG codec.</summary>
internal static class JpegCodecBridge
{
    /// <summary>Decodes a JPEG file held in memory (EXIF orientation applied).</summary>
    public static Image Decode(ReadOnlySpan<byte> data, DecodeLimits limits) => Jpeg.JpegDecoder.Decode(data, limits);

    /// <summary>
    /// Encodes an image as JPEG at <paramref name="quality"/> (1–100). High qualities keep full
    /// chroma resolution (4:4:4), because harmonized edges are colour edges; lower ones use 4:2:0.
    /// </summary>
    public static byte[] Encode(Image image, int quality) => Jpeg.JpegEncoder.Encode(image, quality, subsample420: quality < 90);
}
