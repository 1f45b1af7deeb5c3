namespace Harmonia.Imaging;

/// <summary>Interpolation used when resizing, with the same meaning as Pillow's filters of the same names.</summary>
public enum ResamplingFilter
{
    /// <summary>Each output pixel copies the source pixel its centre falls in.</summary>
    Nearest,
    /// <summary>Triangle filter (support 1): linear interpolation when enlarging.</summary>
    Bilinear,
    /// <summary>Cubic convolution with a = -0.5 (support 2), as Pillow's BICUBIC.</summary>
    Bicubic,
}
