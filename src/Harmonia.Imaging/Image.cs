namespace Harmonia.Imaging;

/// <summary>
/// An 8-bit image with interleaved channels, rows top to bottom, no padding between rows:
/// the byte of channel <c>c</c> at (x, y) is <c>Pixels[(y * Width + x) * Channels + c]</c>.
/// Channels is 1 (grey), 3 (RGB) or 4 (RGBA).
/// </summary>
public sealed class Image
{
    /// <summary>Creates an image over existing pixels (not copied).</summary>
    public Image(int width, int height, int channels, byte[] pixels)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Image size must be positive, got {width}x{height}.");
        if (channels is not (1 or 3 or 4)) throw new ArgumentOutOfRangeException(nameof(channels), $"Channels must be 1, 3 or 4, got {channels}.");
        if (pixels.LongLength != (long)width * height * channels)
            throw new ArgumentException($"Expected {(long)width * height * channels} bytes for {width}x{height}x{channels}, got {pixels.LongLength}.", nameof(pixels));
        Width = width; Height = height; Channels = channels; Pixels = pixels;
    }

    /// <summary>Creates a black image.</summary>
    public Image(int width, int height, int channels)
        : this(width, height, channels, new byte[checked(width * height * channels)]) { }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }
    /// <summary>Height in pixels.</summary>
    public int Height { get; }
    /// <summary>Interleaved channels per pixel: 1, 3 or 4.</summary>
    public int Channels { get; }
    /// <summary>The pixel bytes, interleaved.</summary>
    public byte[] Pixels { get; }
}
