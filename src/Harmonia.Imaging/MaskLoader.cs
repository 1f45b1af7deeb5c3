using Harmonia.Imaging.Files;

namespace Harmonia.Imaging;

/// <summary>What to do when a mask's size differs from its composite's.</summary>
public enum MaskSizeMismatch
{
    /// <summary>Refuse it with an error naming both files and sizes.</summary>
    Error,
    /// <summary>Resize the mask to the composite's size with nearest-neighbour sampling.</summary>
    ResizeNearest,
}

/// <summary>Loads foreground masks from image files (any grey, grey+alpha, RGB or RGBA image).</summary>
public static class MaskLoader
{
    /// <summary>Loads and binarizes the mask image at <paramref name="path"/> (see <see cref="Mask.FromImage"/>).</summary>
    /// <exception cref="ImageFormatException">The file is not a valid image, or it is a colour picture and not a mask (message starts with the path).</exception>
    public static Mask Load(string path, DecodeLimits? limits = null) => Mask.FromImage(LoadLevel(path, limits));

    /// <summary>The level of the mask image at <paramref name="path"/>, one channel (<see cref="ChannelConversion.MaskLevel"/>).</summary>
    /// <exception cref="ImageFormatException">The file is not a valid image, or it is a colour picture and not a mask (message starts with the path).</exception>
    public static Image LoadLevel(string path, DecodeLimits? limits = null)
    {
        var image = ImageFile.Load(path, limits);
        try
        {
            return ChannelConversion.MaskLevel(image);
        }
        catch (ImageFormatException e)
        {
            throw new ImageFormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Loads the mask for a composite of <paramref name="compositeWidth"/> × <paramref name="compositeHeight"/>
    /// read from <paramref name="compositePath"/>, checking that the sizes agree.
    /// </summary>
    /// <exception cref="ImageFormatException">The mask is not a valid image, or its size differs and
    /// <paramref name="onMismatch"/> is <see cref="MaskSizeMismatch.Error"/>.</exception>
    public static Mask LoadFor(string maskPath, string compositePath, int compositeWidth, int compositeHeight,
        MaskSizeMismatch onMismatch = MaskSizeMismatch.Error, DecodeLimits? limits = null)
    {
        var mask = Load(maskPath, limits);
        return MatchSize(mask, maskPath, compositePath, compositeWidth, compositeHeight, onMismatch);
    }

    /// <summary>
    /// Returns <paramref name="mask"/> if it is <paramref name="width"/> × <paramref name="height"/>,
    /// otherwise resizes it or throws, as <paramref name="onMismatch"/> says. The paths only label the error.
    /// </summary>
    public static Mask MatchSize(Mask mask, string maskPath, string compositePath, int width, int height, MaskSizeMismatch onMismatch)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (CompositeSize.Matches(mask.Width, mask.Height, width, height)) return mask;
        if (onMismatch == MaskSizeMismatch.ResizeNearest) return mask.ResizeNearest(width, height);
        throw new ImageFormatException(
            $"Mask {maskPath} {CompositeSize.Mismatch(mask.Width, mask.Height, compositePath, width, height)}; " +
            "they must be the same size (or ask for the mask to be resized).");
    }
}
