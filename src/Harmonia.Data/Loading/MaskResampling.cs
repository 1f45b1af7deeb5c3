namespace Harmonia.Data.Loading;

/// <summary>How a mask is brought to the working size.</summary>
public enum MaskResampling
{
    /// <summary>
    /// Binarize at native size (grey ≥ 128), then nearest-neighbour resize: what HDNet and
    /// PHNet do for iHarmony4, whose loaders open masks as 1-bit images (Pillow resizes those
    /// with nearest neighbour whatever filter is asked for).
    /// </summary>
    BinarizeThenNearest,
    /// <summary>
    /// Resize the grey mask bilinearly, then binarize (value/255 &gt; 0.5): what PHNet does for
    /// FFHQH, whose mattes it opens as grey images.
    /// </summary>
    GreyBilinearThenBinarize,
}
