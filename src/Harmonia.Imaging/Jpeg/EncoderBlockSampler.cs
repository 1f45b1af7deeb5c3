namespace Harmonia.Imaging.Jpeg;

/// <summary>
/// Reads the 8x8 sample blocks the encoder transforms, straight from an <see cref="Image"/>:
/// converts RGB to YCbCr with the JFIF equations, averages each 2x2 group of pixels for
/// subsampled chroma, repeats the last row and column past the image edge (padding with edge
/// pixels keeps the padded blocks smooth, so they cost few bits and do not ring into the
/// image), and subtracts 128 so samples are centred on zero (T.81 A.3.1).
/// </summary>
internal sealed class EncoderBlockSampler(Image image)
{
    /// <summary>Which plane to sample.</summary>
    public enum Plane { Luma, BlueDifference, RedDifference }

    /// <summary>
    /// Fills <paramref name="block"/> with the level-shifted samples of block
    /// (<paramref name="blockRow"/>, <paramref name="blockColumn"/>) of <paramref name="plane"/>,
    /// each sample covering <paramref name="scale"/> x <paramref name="scale"/> pixels (1 or 2).
    /// </summary>
    public void Sample(Plane plane, int scale, int blockRow, int blockColumn, Span<float> block)
    {
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 8; x++)
            {
                int pixelX = (blockColumn * 8 + x) * scale, pixelY = (blockRow * 8 + y) * scale;
                float r = 0, g = 0, b = 0;
                for (int dy = 0; dy < scale; dy++)
                {
                    for (int dx = 0; dx < scale; dx++)
                    {
                        var (pr, pg, pb) = Pixel(pixelX + dx, pixelY + dy);
                        r += pr; g += pg; b += pb;
                    }
                }
                float count = scale * scale;
                r /= count; g /= count; b /= count;
                block[y * 8 + x] = plane switch
                {
                    Plane.Luma => 0.299f * r + 0.587f * g + 0.114f * b - 128f,
                    Plane.BlueDifference => -0.168736f * r - 0.331264f * g + 0.5f * b,
                    _ => 0.5f * r - 0.418688f * g - 0.081312f * b,
                };
            }
        }
    }

    // The pixel at (x, y), with coordinates past the edge clamped to it; grey images give r = g = b.
    private (int R, int G, int B) Pixel(int x, int y)
    {
        x = Math.Min(x, image.Width - 1);
        y = Math.Min(y, image.Height - 1);
        int offset = (y * image.Width + x) * image.Channels;
        var pixels = image.Pixels;
        return image.Channels == 1
            ? (pixels[offset], pixels[offset], pixels[offset])
            : (pixels[offset], pixels[offset + 1], pixels[offset + 2]);
    }
}
