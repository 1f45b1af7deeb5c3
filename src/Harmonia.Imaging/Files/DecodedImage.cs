namespace Harmonia.Imaging.Files;

/// <summary>
/// An image file's pixels at the precision the file stores them: a 16-bit PNG as <see cref="Image16"/>,
/// every other image as 8-bit <see cref="Image"/>. Exactly one of the two is set. Harmonizing one and
/// encoding the result (<see cref="ImageFile.Encode(DecodedImage, ImageFileFormat, int)"/>) keeps a
/// 16-bit photo 16-bit.
/// </summary>
public sealed class DecodedImage
{
    /// <summary>An 8-bit image.</summary>
    public DecodedImage(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        EightBit = image;
    }

    /// <summary>A 16-bit image.</summary>
    public DecodedImage(Image16 image)
    {
        ArgumentNullException.ThrowIfNull(image);
        SixteenBit = image;
    }

    /// <summary>The 8-bit image; null when <see cref="SixteenBit"/> holds the pixels.</summary>
    public Image? EightBit { get; }

    /// <summary>The 16-bit image; null for every file but a 16-bit PNG.</summary>
    public Image16? SixteenBit { get; }

    /// <summary>Width in pixels.</summary>
    public int Width => EightBit?.Width ?? SixteenBit!.Width;

    /// <summary>Height in pixels.</summary>
    public int Height => EightBit?.Height ?? SixteenBit!.Height;
}
