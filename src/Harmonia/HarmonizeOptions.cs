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

    /// <summary>
    /// For a network (whose result is reduced to one colour map of the object): the size of change, in
    /// 8-bit levels (the root mean square over the object's pixels and channels), below which the
    /// model's change is taken for noise and not applied; a larger change of size d is scaled by
    /// 1 − (MinimumChange / d)², so a photo that needs no fix comes back unchanged. Null (the default)
    /// means 6, the value chosen on held-out photos; 0 applies the model's change in full. From 0 to
    /// 255; baselines ignore it.
    /// </summary>
    public double? MinimumChange { get; init; }

    /// <summary>
    /// For a network: how far the object's mean colour may turn in hue or lose chroma
    /// (<see cref="Models.ColorGuard"/>); a change beyond the bound is scaled back until the object keeps its
    /// colour family. Null (the default) means <see cref="Models.ColorGuard.Default"/>;
    /// <see cref="Models.ColorGuard.Off"/> applies the model's change as it is. Baselines ignore it.
    /// </summary>
    public Models.ColorGuard? ColorGuard { get; init; }
}
