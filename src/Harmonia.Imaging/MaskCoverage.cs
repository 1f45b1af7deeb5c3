namespace Harmonia.Imaging;

/// <summary>
/// How much of each pixel the pasted object covers, from 0 to 1: a mask image's grey level / 255,
/// rows top to bottom. A feathered (soft) mask has values between 0 and 1 along its edges; compositing
/// tools use such values as the alpha of the final blend. Networks, trained on binary masks, see
/// <see cref="Binarized"/> instead.
/// </summary>
public sealed class MaskCoverage
{
    private MaskCoverage(int width, int height, float[] values, Mask binarized)
    {
        Width = width;
        Height = height;
        Values = values;
        Binarized = binarized;
        IsBinary = Array.TrueForAll(values, v => v == 0f || v == 1f);
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Coverage per pixel in [0, 1], at <c>[y * Width + x]</c>. Do not modify.</summary>
    public float[] Values { get; }

    /// <summary>The binary mask a network sees: 1 where the coverage is above 0.5 (see <see cref="Mask.FromImage"/>).</summary>
    public Mask Binarized { get; }

    /// <summary>True when every value is 0 or 1 (a hard mask): then the blend alpha and <see cref="Binarized"/> agree.</summary>
    public bool IsBinary { get; }

    /// <summary>
    /// The coverage of a mask image: its level / 255, the level being its grey (Pillow's
    /// <c>convert("L")</c>), or its alpha when it is RGBA with transparent pixels (<see cref="ChannelConversion.MaskLevel"/>).
    /// <see cref="Binarized"/> is exactly <see cref="Mask.FromImage"/> of the same image.
    /// </summary>
    public static MaskCoverage FromImage(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var grey = ChannelConversion.MaskLevel(image);
        var values = new float[grey.Pixels.Length];
        for (int i = 0; i < values.Length; i++)
            values[i] = grey.Pixels[i] / 255f;
        return new MaskCoverage(image.Width, image.Height, values, Mask.FromImage(grey));
    }

    /// <summary>A hard coverage (0 or 1) equal to <paramref name="mask"/>.</summary>
    public static MaskCoverage FromMask(Mask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return new MaskCoverage(mask.Width, mask.Height, (float[])mask.Values.Clone(), mask);
    }

    /// <summary>This coverage resized with nearest-neighbour sampling (values are kept, not interpolated).</summary>
    public MaskCoverage ResizeNearest(int width, int height)
    {
        if (width == Width && height == Height) return this;
        var values = PlaneResizer.Resize(Values, 1, Height, Width, height, width, ResamplingFilter.Nearest);
        return new MaskCoverage(width, height, values, Binarized.ResizeNearest(width, height));
    }
}
