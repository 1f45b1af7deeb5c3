namespace Harmonia.Imaging;

/// <summary>Changes an image's channel layout the way Pillow's <c>convert("RGB")</c> and <c>convert("L")</c> do.</summary>
public static class ChannelConversion
{
    /// <summary>
    /// Three-channel copy: grey is replicated, alpha is dropped (not composited), RGB is copied.
    /// </summary>
    public static Image ToRgb(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int pixelCount = image.Width * image.Height, channels = image.Channels;
        var rgb = new byte[pixelCount * 3];
        byte[] source = image.Pixels;
        if (channels == 3)
        {
            source.CopyTo(rgb, 0);
        }
        else
        {
            for (int i = 0; i < pixelCount; i++)
            {
                int s = i * channels;
                rgb[3 * i] = source[s];
                rgb[3 * i + 1] = channels == 1 ? source[s] : source[s + 1];
                rgb[3 * i + 2] = channels == 1 ? source[s] : source[s + 2];
            }
        }
        return new Image(image.Width, image.Height, 3, rgb);
    }

    /// <summary>
    /// One-channel copy: ITU-R 601-2 luma L = 0.299 R + 0.587 G + 0.114 B in Pillow's fixed-point
    /// form (exact for grey pixels); alpha is ignored.
    /// </summary>
    public static Image ToGrey(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int pixelCount = image.Width * image.Height, channels = image.Channels;
        byte[] source = image.Pixels;
        if (channels == 1) return new Image(image.Width, image.Height, 1, (byte[])source.Clone());
        var grey = new byte[pixelCount];
        for (int i = 0; i < pixelCount; i++)
        {
            int s = i * channels;
            // Weights ×65536 that sum to exactly 65536, plus half for rounding.
            grey[i] = (byte)((source[s] * 19595 + source[s + 1] * 38470 + source[s + 2] * 7471 + 0x8000) >> 16);
        }
        return new Image(image.Width, image.Height, 1, grey);
    }

    /// <summary>
    /// The level of a mask image per pixel (one channel): its alpha when the image is RGBA and some
    /// pixel is not opaque, so a cut-out or a white object on a transparent background is read by its
    /// shape whatever colour its transparent pixels hold; otherwise its grey (<see cref="ToGrey"/>, as
    /// Pillow's <c>convert("L")</c> reads the authors' masks).
    /// </summary>
    public static Image MaskLevel(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels != 4) return ToGrey(image);
        int pixelCount = image.Width * image.Height;
        var alpha = new byte[pixelCount];
        bool transparent = false;
        for (int i = 0; i < pixelCount; i++)
        {
            alpha[i] = image.Pixels[i * 4 + 3];
            transparent |= alpha[i] != 255;
        }
        return transparent ? new Image(image.Width, image.Height, 1, alpha) : ToGrey(image);
    }
}
