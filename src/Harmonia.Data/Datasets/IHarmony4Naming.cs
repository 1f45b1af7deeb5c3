namespace Harmonia.Data.Datasets;

/// <summary>
/// The iHarmony4 file naming: a composite <c>&lt;photo&gt;_&lt;maskId&gt;_&lt;n&gt;.jpg</c> in
/// <c>composite_images</c> is the n-th composite made with mask <c>&lt;photo&gt;_&lt;maskId&gt;.png</c>
/// in <c>masks</c> from the real photo <c>&lt;photo&gt;.jpg</c> in <c>real_images</c>. The photo
/// name may itself contain underscores; the last two underscore-separated parts are the ids.
/// </summary>
public static class IHarmony4Naming
{
    /// <summary>Folder of the composites inside a subset.</summary>
    public const string CompositeFolder = "composite_images";
    /// <summary>Folder of the masks inside a subset.</summary>
    public const string MaskFolder = "masks";
    /// <summary>Folder of the real photos inside a subset.</summary>
    public const string RealFolder = "real_images";

    /// <summary>
    /// Splits a composite file name such as "a0001_1_3.jpg" into photo "a0001", mask id "1",
    /// composite id "3" and extension ".jpg". False when the name has no extension or fewer than
    /// three non-empty underscore-separated parts.
    /// </summary>
    public static bool TryParseComposite(string fileName, out CompositeName name)
    {
        name = default;
        string extension = Path.GetExtension(fileName);
        string stem = Path.GetFileNameWithoutExtension(fileName);
        if (extension.Length <= 1 || stem.Length == 0 || fileName.Contains('/') || fileName.Contains('\\')) return false;
        int last = stem.LastIndexOf('_');
        if (last <= 0 || last == stem.Length - 1) return false;
        int secondLast = stem.LastIndexOf('_', last - 1);
        if (secondLast <= 0 || secondLast == last - 1) return false;
        name = new CompositeName(stem[..secondLast], stem[(secondLast + 1)..last], stem[(last + 1)..], extension);
        return true;
    }

    /// <summary>The mask file name for a photo and mask id: "&lt;photo&gt;_&lt;maskId&gt;.png".</summary>
    public static string MaskFileName(string photo, string maskId) => $"{photo}_{maskId}.png";

    /// <summary>The real photo's file name: "&lt;photo&gt;&lt;extension&gt;".</summary>
    public static string RealFileName(string photo, string extension) => photo + extension;

    /// <summary>The composite's file name: "&lt;photo&gt;_&lt;maskId&gt;_&lt;compositeId&gt;&lt;extension&gt;".</summary>
    public static string CompositeFileName(string photo, string maskId, string compositeId, string extension)
        => $"{photo}_{maskId}_{compositeId}{extension}";
}

/// <summary>The parts of an iHarmony4 composite file name.</summary>
/// <param name="Photo">The real photo's name (without extension).</param>
/// <param name="MaskId">Which of the photo's masks the composite uses.</param>
/// <param name="CompositeId">Which composite of that mask it is.</param>
/// <param name="Extension">The composite's extension, with the dot (".jpg"); the real photo has the same one.</param>
public readonly record struct CompositeName(string Photo, string MaskId, string CompositeId, string Extension)
{
    /// <summary>The composite's file name without extension.</summary>
    public string Stem => $"{Photo}_{MaskId}_{CompositeId}";

    /// <summary>The mask's file name.</summary>
    public string MaskFileName => IHarmony4Naming.MaskFileName(Photo, MaskId);

    /// <summary>The real photo's file name (same extension as the composite, as in iHarmony4 where both are .jpg).</summary>
    public string RealFileName => IHarmony4Naming.RealFileName(Photo, Extension);
}
