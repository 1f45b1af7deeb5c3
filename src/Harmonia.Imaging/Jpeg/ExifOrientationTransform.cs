namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// Turns a decoded image as stored into the image as it should be displayed, for the eight
/// Exif orientations (TIFF 6.0 tag 274): 1 as stored, 2 mirrored left-right, 3 rotated 180°,
/// 4 mirrored top-bottom, 5 transposed (mirrored about the main diagonal), 6 rotated 90°
/// clockwise, 7 transversed (mirrored about the other diagonal), 8 rotated 90° anticlockwise.
/// </summary>
internal static class ExifOrientationTransform
{
    /// <summary>Returns the displayed image; orientation 1 returns <paramref name="stored"/> itself.</summary>
    public static Image Apply(Image stored, int orientation)
    {
        if (orientation is < 2 or > 8) return stored;
        int w = stored.Width, h = stored.Height, channels = stored.Channels;
        bool swapsAxes = orientation >= 5;
        int outWidth = swapsAxes ? h : w, outHeight = swapsAxes ? w : h;
        var output = new byte[stored.Pixels.Length];
        var source = stored.Pixels;

        for (int y = 0; y < outHeight; y++)
        {
            // Along a displayed row the stored pixel moves by a fixed step, so two lookups give the whole row.
            int start = StoredPixelIndex(orientation, 0, y, w, h);
            int step = outWidth > 1 ? StoredPixelIndex(orientation, 1, y, w, h) - start : 0;
            int to = y * outWidth * channels;
            for (int x = 0; x < outWidth; x++, to += channels)
            {
                int from = (start + x * step) * channels;
                for (int c = 0; c < channels; c++) output[to + c] = source[from + c];
            }
        }
        return new Image(outWidth, outHeight, channels, output);
    }

    // Index (y * width + x) of the stored pixel shown at display position (x, y).
    private static int StoredPixelIndex(int orientation, int x, int y, int w, int h)
    {
        (int sx, int sy) = orientation switch
        {
            2 => (w - 1 - x, y),
            3 => (w - 1 - x, h - 1 - y),
            4 => (x, h - 1 - y),
            5 => (y, x),
            6 => (y, h - 1 - x),
            7 => (w - 1 - y, h - 1 - x),
            _ => (w - 1 - y, x), // 8
        };
        return sy * w + sx;
    }
}
