using System.Globalization;
using Harmonia.Imaging.Files;

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
    /// <exception cref="ImageFormatException">
    /// The image is a colour picture (more than 1% of its pixels coloured, <see cref="ColouredShare"/>),
    /// not a mask: most often the composite given where the mask belongs. Read by its grey, it would make
    /// a soft mask over the whole picture (or none: pure red is grey 76, below half), and a silently
    /// wrong result.
    /// </exception>
    public static Image MaskLevel(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels == 4)
        {
            int pixelCount = image.Width * image.Height;
            var alpha = new byte[pixelCount];
            bool transparent = false;
            for (int i = 0; i < pixelCount; i++)
            {
                alpha[i] = image.Pixels[i * 4 + 3];
                transparent |= alpha[i] != 255;
            }
            if (transparent) return new Image(image.Width, image.Height, 1, alpha);
        }
        double coloured = ColouredShare(image);
        if (coloured > MaxColouredShare)
            throw new ImageFormatException(string.Create(CultureInfo.InvariantCulture,
                $"it is a colour picture ({coloured * 100:F0}% of its pixels coloured), not a mask: a mask is grey, white where the object is and black elsewhere (or transparent outside the object); were the composite and the mask given the other way round?"));
        return ToGrey(image);
    }

    /// <summary>A pixel whose channels differ by more than this many levels is coloured (JPEG's rounding of grey stays far below it).</summary>
    private const int ColouredSpread = 32;

    /// <summary>The largest share of coloured pixels a mask may have: a tinted edge or a logo, not a photo.</summary>
    private const double MaxColouredShare = 0.01;

    /// <summary>
    /// The share of pixels whose red, green and blue differ by more than <see cref="ColouredSpread"/>
    /// levels (0 for a grey image).
    /// </summary>
    public static double ColouredShare(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int channels = image.Channels, pixelCount = image.Width * image.Height;
        if (channels < 3 || pixelCount == 0) return 0;
        byte[] source = image.Pixels;
        long coloured = 0;
        for (int i = 0; i < pixelCount; i++)
        {
            int s = i * channels;
            int r = source[s], g = source[s + 1], b = source[s + 2];
            if (Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b)) > ColouredSpread) coloured++;
        }
        return (double)coloured / pixelCount;
    }
}
