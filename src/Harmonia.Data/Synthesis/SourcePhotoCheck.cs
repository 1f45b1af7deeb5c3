using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Data.Synthesis;

/// <summary>
/// A photo that passed the checks, with the colour statistics other photos' colour transfers may
/// aim at (whole image and object region; null when the recipe needs none).
/// </summary>
internal sealed record UsablePhoto(SourcePhotoFile File, ColorStatistics? WholeImage, ColorStatistics? ObjectRegion);

/// <summary>
/// Decides whether a photo can be used: photo and mask readable, mask present and of the same
/// size, and the mask neither empty nor covering the whole photo (a composite needs both a
/// foreground and a background). Problems come back as reasons, not exceptions, so one bad
/// file skips one photo.
/// </summary>
internal static class SourcePhotoCheck
{
    /// <summary>Loads a photo as RGB and its mask, binarized; the caller has already checked them.</summary>
    public static (Image Photo, Mask Mask) Load(SourcePhotoFile file)
        => (ChannelConversion.ToRgb(ImageFile.Load(file.PhotoPath)), MaskLoader.Load(file.MaskPath!));

    /// <summary>The usable photo, or the reason it is not usable.</summary>
    public static (UsablePhoto? Photo, string? Reason) Check(SourcePhotoFile file, bool measureColours)
    {
        if (file.Name.Trim().Length != file.Name.Length || file.Name.IndexOfAny(['\t', '\r', '\n']) >= 0)
            return (null, $"its name '{file.Name}' has surrounding spaces or control characters, which the list files cannot hold");
        if (file.MaskPath is null)
            return (null, $"no mask named '{file.Name}.png' (or .jpg, .jpeg) in the mask folder");

        Image photo;
        try { photo = ChannelConversion.ToRgb(ImageFile.Load(file.PhotoPath)); }
        catch (Exception e) when (e is ImageFormatException or IOException or UnauthorizedAccessException)
        { return (null, $"photo is unreadable: {e.Message}"); }

        Mask mask;
        try { mask = MaskLoader.Load(file.MaskPath); }
        catch (Exception e) when (e is ImageFormatException or IOException or UnauthorizedAccessException)
        { return (null, $"mask '{file.MaskPath}' is unreadable: {e.Message}"); }

        if (mask.Width != photo.Width || mask.Height != photo.Height)
            return (null, $"mask '{file.MaskPath}' is {mask.Width}x{mask.Height} but the photo is {photo.Width}x{photo.Height}");
        if (mask.IsEmpty)
            return (null, $"mask '{file.MaskPath}' is empty (no pixel ≥ 128)");
        if (mask.ForegroundPixelCount == mask.Values.Length)
            return (null, $"mask '{file.MaskPath}' covers the whole photo, leaving no background");

        if (!measureColours) return (new UsablePhoto(file, null, null), null);
        var (whole, objectRegion) = ColorStatistics.MeasureWholeAndRegion(photo, mask);
        return (new UsablePhoto(file, whole, objectRegion), null);
    }
}
