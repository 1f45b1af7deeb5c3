namespace Harmonia.Imaging;

/// <summary>
/// Decides which pass of a separable resize runs first. Pillow always filters rows first, and
/// results match it only in that order, so that order is kept unless its intermediate would be
/// out of proportion: a thin image widened to a square (1 × 3,000,000 to 256 × 256) would first
/// become 256 × 3,000,000, hundreds of times both the source and the result.
/// </summary>
internal static class SeparablePassOrder
{
    /// <summary>
    /// How many times the larger of the source and the result the rows-first intermediate may
    /// hold before the columns go first. Everyday resizes, which shrink or enlarge both sides
    /// together, never come near it.
    /// </summary>
    public const int MaxIntermediateGrowth = 4;

    /// <summary>
    /// True when a resize from <paramref name="width"/> × <paramref name="height"/> to
    /// <paramref name="newWidth"/> × <paramref name="newHeight"/> should filter rows
    /// (horizontally) first, as Pillow does; false when the columns should go first because the
    /// rows-first intermediate would be too large. The columns-first intermediate is then
    /// smaller than the result.
    /// </summary>
    public static bool RowsFirst(int width, int height, int newWidth, int newHeight)
    {
        long rowsFirstIntermediate = (long)newWidth * height;
        long larger = Math.Max((long)width * height, (long)newWidth * newHeight);
        return rowsFirstIntermediate <= MaxIntermediateGrowth * larger;
    }
}
