namespace Harmonia;

/// <summary>How <see cref="Harmonizer"/> runs one harmonization.</summary>
/// <remarks>
/// At a working size N the network sees the composite resized to N×N; only the change it predicts
/// is resized back and added to the full-resolution composite inside the mask, so the background
/// and the object's own detail stay sharp.
/// </remarks>
public sealed record HarmonizeOptions
{
    /// <summary>The options used when none are given: the model's default working size.</summary>
    public static HarmonizeOptions Default { get; } = new();

    /// <summary>
    /// Run the network at <c>WorkingSize × WorkingSize</c> pixels; a positive multiple of the model's
    /// <see cref="Harmonizer.SizeMultiple"/>. Null (the default) means the model's
    /// <see cref="Harmonizer.DefaultWorkingSize"/>. Ignored when <see cref="NativeSize"/> is set.
    /// </summary>
    public int? WorkingSize { get; init; }

    /// <summary>
    /// Run at the image's own size instead (slower on large photos; width and height must then be
    /// multiples of <see cref="Harmonizer.SizeMultiple"/>).
    /// </summary>
    public bool NativeSize { get; init; }
}
