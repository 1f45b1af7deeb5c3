namespace Harmonia.Imaging.Png;

/// <summary>
/// The seven passes of Adam7 interlacing. Each pass is a sub-image that samples every
/// <c>XStep</c>-th column from <c>XStart</c> and every <c>YStep</c>-th row from <c>YStart</c>.
/// A non-interlaced image is the single pass (0, 0, 1, 1).
/// </summary>
internal readonly record struct InterlacePass(int XStart, int YStart, int XStep, int YStep)
{
    /// <summary>Columns this pass holds in an image <paramref name="imageWidth"/> wide (may be 0).</summary>
    public int Width(int imageWidth) => imageWidth <= XStart ? 0 : (imageWidth - XStart + XStep - 1) / XStep;

    /// <summary>Rows this pass holds in an image <paramref name="imageHeight"/> tall (may be 0).</summary>
    public int Height(int imageHeight) => imageHeight <= YStart ? 0 : (imageHeight - YStart + YStep - 1) / YStep;

    /// <summary>The passes of Adam7, in file order.</summary>
    public static readonly InterlacePass[] Adam7 =
    [
        new(0, 0, 8, 8),
        new(4, 0, 8, 8),
        new(0, 4, 4, 8),
        new(2, 0, 4, 4),
        new(0, 2, 2, 4),
        new(1, 0, 2, 2),
        new(0, 1, 1, 2),
    ];

    /// <summary>The one pass of a non-interlaced image.</summary>
    public static readonly InterlacePass[] NotInterlaced = [new(0, 0, 1, 1)];
}
