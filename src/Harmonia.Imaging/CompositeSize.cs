namespace Harmonia.Imaging;

/// <summary>
/// The one wording of "this input's size differs from the composite's", shared by every layer that checks
/// a mask or a real photo against its composite (library, CLI, web API, datasets, evaluation). Each layer
/// adds its own remedy and error type; the facts read the same everywhere.
/// </summary>
public static class CompositeSize
{
    /// <summary>Whether an input of <paramref name="width"/> × <paramref name="height"/> fits a composite of
    /// <paramref name="compositeWidth"/> × <paramref name="compositeHeight"/>.</summary>
    public static bool Matches(int width, int height, int compositeWidth, int compositeHeight) =>
        width == compositeWidth && height == compositeHeight;

    /// <summary>
    /// The predicate of the refusal, "is 40x48 but the composite c.png is 48x40", for the caller to put its
    /// subject before ("the mask", "Mask m.png", "real image r.jpg"). <paramref name="compositeName"/> is a
    /// path, or null where there is none (an upload).
    /// </summary>
    public static string Mismatch(int width, int height, string? compositeName, int compositeWidth, int compositeHeight)
    {
        string composite = string.IsNullOrEmpty(compositeName) ? "the composite" : $"the composite {compositeName}";
        return $"is {width}x{height} but {composite} is {compositeWidth}x{compositeHeight}";
    }
}
