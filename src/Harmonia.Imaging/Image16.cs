namespace Harmonia.Imaging;

/// <summary>
/// A 16-bit image with interleaved channels, laid out as <see cref="Image"/> but with one
/// <see cref="ushort"/> per sample (0–65535): what a 16-bit PNG holds. Channels is 1 (grey),
/// 3 (RGB) or 4 (RGBA). Harmonia reads it so that a 16-bit photo comes back 16-bit.
/// </summary>
public sealed class Image16
{
    /// <summary>Creates an image over existing samples (not copied).</summary>
    public Image16(int width, int height, int channels, ushort[] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Image size must be positive, got {width}x{height}.");
        if (channels is not (1 or 3 or 4)) throw new ArgumentOutOfRangeException(nameof(channels), $"Channels must be 1, 3 or 4, got {channels}.");
        if (samples.LongLength != (long)width * height * channels)
            throw new ArgumentException($"Expected {(long)width * height * channels} samples for {width}x{height}x{channels}, got {samples.LongLength}.", nameof(samples));
        Width = width; Height = height; Channels = channels; Samples = samples;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }
    /// <summary>Height in pixels.</summary>
    public int Height { get; }
    /// <summary>Interleaved channels per pixel: 1, 3 or 4.</summary>
    public int Channels { get; }
    /// <summary>The samples, interleaved: channel c of (x, y) at <c>[(y * Width + x) * Channels + c]</c>.</summary>
    public ushort[] Samples { get; }

    /// <summary>The image rounded to 8 bits: round(v·255/65535), as the PNG decoder reduces 16-bit files.</summary>
    public Image ToImage()
    {
        var pixels = new byte[Samples.Length];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)((Samples[i] + 128) / 257);
        return new Image(Width, Height, Channels, pixels);
    }

    /// <summary>The samples as planes of floats in [0, 1] (v / 65535): channel c at <c>[(c·H + y)·W + x]</c>.</summary>
    public float[] ToChw()
    {
        int pixelCount = Width * Height;
        var planes = new float[(long)Channels * pixelCount];
        for (int c = 0; c < Channels; c++)
            for (int i = 0; i < pixelCount; i++)
                planes[c * pixelCount + i] = Samples[i * Channels + c] / 65535f;
        return planes;
    }

    /// <summary>Builds an image from planes of floats in [0, 1] (clamped; rounded to the nearest step; NaN becomes 0).</summary>
    public static Image16 FromChw(ReadOnlySpan<float> planes, int channels, int height, int width)
    {
        int pixelCount = height * width;
        if (planes.Length != (long)channels * pixelCount)
            throw new ArgumentException($"Expected {(long)channels * pixelCount} values for {channels}x{height}x{width}, got {planes.Length}.", nameof(planes));
        var samples = new ushort[(long)channels * pixelCount];
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < pixelCount; i++)
            {
                float value = planes[c * pixelCount + i] * 65535f;
                samples[i * channels + c] = !(value > 0f) ? (ushort)0 : value >= 65535f ? ushort.MaxValue : (ushort)(value + 0.5f);
            }
        return new Image16(width, height, channels, samples);
    }
}
