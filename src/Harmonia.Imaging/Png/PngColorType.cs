namespace Harmonia.Imaging.Png;

/// <summary>The colour types a PNG header may declare (the numbers are the file's codes).</summary>
internal enum PngColorType : byte
{
    Grey = 0,
    Rgb = 2,
    Palette = 3,
    GreyAlpha = 4,
    Rgba = 6,
}
