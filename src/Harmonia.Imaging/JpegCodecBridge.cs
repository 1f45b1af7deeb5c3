namespace Harmonia.Imaging;

// ============================================================================================
// MERGE POINT (JPEG): the one place where ImageFile reaches the JPEG codec. The JPEG decoder and
// encoder live on another branch; when they are merged, replace the two bodies below with
//     Jpeg.JpegDecoder.Decode(data, limits)
//     Jpeg.JpegEncoder.Encode(image, quality, subsample420: ...)
// and delete the "not wired in yet" errors. Nothing else in ImageFile needs to change.
// ============================================================================================

/// <summary>Forwards JPEG decoding and encoding from <see cref="ImageFile"/> to the JPEG codec.</summary>
internal static class JpegCodecBridge
{
    /// <summary>Decodes a JPEG file held in memory.</summary>
    public static Image Decode(ReadOnlySpan<byte> data, DecodeLimits limits)
        => throw new ImageFormatException("JPEG support is not wired in yet.");

    /// <summary>Encodes an image as JPEG at <paramref name="quality"/> (1–100).</summary>
    public static byte[] Encode(Image image, int quality)
        => throw new ImageFormatException("JPEG support is not wired in yet.");
}
