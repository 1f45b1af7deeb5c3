using Harmonia.Tensors;

namespace Harmonia.Imaging;

/// <summary>
/// A binary foreground mask: 1 where the pasted foreground is, 0 elsewhere, one float per
/// pixel, rows top to bottom.
/// </summary>
public sealed class Mask
{
    /// <summary>Creates a mask over existing values (not copied); every value must be 0 or 1.</summary>
    public Mask(int width, int height, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Mask size must be positive, got {width}x{height}.");
        if (values.LongLength != (long)width * height)
            throw new ArgumentException($"Expected {(long)width * height} values for {width}x{height}, got {values.LongLength}.", nameof(values));
        int foreground = 0;
        foreach (float v in values)
        {
            if (v == 1f) foreground++;
            else if (v != 0f) throw new ArgumentException($"Mask values must be 0 or 1, found {v}.", nameof(values));
        }
        Width = width;
        Height = height;
        Values = values;
        ForegroundPixelCount = foreground;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }
    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>0 or 1 per pixel, at <c>[y * Width + x]</c>. Do not modify.</summary>
    public float[] Values { get; }

    /// <summary>Number of pixels that are 1.</summary>
    public int ForegroundPixelCount { get; }

    /// <summary>
    /// True when no pixel is foreground. Such a mask is valid (harmonization leaves the image
    /// unchanged) but usually a mistake worth a warning.
    /// </summary>
    public bool IsEmpty => ForegroundPixelCount == 0;

    /// <summary>
    /// True when every pixel is foreground: no background is left for the object to match, so a
    /// model's result says more about its training than about the photo. Usually a mistake (an
    /// inverted or blank-white mask) worth a warning.
    /// </summary>
    public bool IsFull => ForegroundPixelCount == Width * Height;

    /// <summary>
    /// Binarizes an image: its level (<see cref="ChannelConversion.MaskLevel"/>: grey as Pillow's
    /// <c>convert("L")</c> gives it, or the alpha of an RGBA image with transparent pixels), then 1
    /// where level/255 &gt; 0.5, i.e. level ≥ 128.
    /// </summary>
    public static Mask FromImage(Image image)
    {
        var grey = ChannelConversion.MaskLevel(image);
        var values = new float[grey.Pixels.Length];
        for (int i = 0; i < values.Length; i++)
            values[i] = grey.Pixels[i] / 255f > 0.5f ? 1f : 0f;
        return new Mask(image.Width, image.Height, values);
    }

    /// <summary>This mask resized with nearest-neighbour sampling (stays binary).</summary>
    public Mask ResizeNearest(int width, int height)
    {
        if (width == Width && height == Height) return new Mask(width, height, (float[])Values.Clone());
        return new Mask(width, height, PlaneResizer.Resize(Values, 1, Height, Width, height, width, ResamplingFilter.Nearest));
    }

    /// <summary>The mask as a tensor of shape [1, 1, H, W].</summary>
    public Tensor ToTensor() => Tensor.FromArray((float[])Values.Clone(), 1, 1, Height, Width);

    /// <summary>The mask as a grey image: 255 for foreground, 0 for background.</summary>
    public Image ToImage()
    {
        var pixels = new byte[Values.Length];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = Values[i] == 1f ? (byte)255 : (byte)0;
        return new Image(Width, Height, 1, pixels);
    }
}
