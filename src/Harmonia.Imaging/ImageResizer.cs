using Harmonia.Tensors.Threading;

namespace Harmonia.Imaging;

/// <summary>
/// Resizes 8-bit images the way Pillow's <c>Image.resize</c> does: separable filtering
/// (horizontal pass, then vertical) with the filter stretched when shrinking (antialiasing),
/// 22-bit fixed-point weights, rounding and clamping to 8 bits after each pass. RGBA images are
/// filtered with premultiplied alpha, so transparent pixels do not bleed their colour.
/// Results match Pillow to within one level.
/// </summary>
public static class ImageResizer
{
    // Pillow's 8-bit precision: 32 bits minus 8 for the pixel value minus 2 for overshoot of
    // negative lobes. Weights and the rounding constant use this many fraction bits.
    private const int FractionBits = 22;

    /// <summary>Returns <paramref name="image"/> resized to <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static Image Resize(Image image, int width, int height, ResamplingFilter filter)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Target size must be positive, got {width}x{height}.");

        if (filter == ResamplingFilter.Nearest)
        {
            CheckBufferSize(width, height, image.Channels);
            return ResizeNearest(image, width, height);
        }
        if (width == image.Width && height == image.Height) return new Image(width, height, image.Channels, (byte[])image.Pixels.Clone());

        CheckBufferSize(width, height, image.Channels);

        bool premultiply = image.Channels == 4;
        var result = premultiply ? Premultiply(image) : image;
        if (SeparablePassOrder.RowsFirst(image.Width, image.Height, width, height))
        {
            result = ResizeHorizontallyIfNeeded(result, width, filter);
            result = ResizeVerticallyIfNeeded(result, height, filter);
        }
        else
        {
            result = ResizeVerticallyIfNeeded(result, height, filter);
            result = ResizeHorizontallyIfNeeded(result, width, filter);
        }
        if (premultiply) Unpremultiply(result);
        return result;
    }

    private static Image ResizeHorizontallyIfNeeded(Image image, int width, ResamplingFilter filter) =>
        width == image.Width ? image : ResizeHorizontally(image, width, ResampleWeights.Compute(image.Width, width, filter, antialias: true));

    private static Image ResizeVerticallyIfNeeded(Image image, int height, ResamplingFilter filter) =>
        height == image.Height ? image : ResizeVertically(image, height, ResampleWeights.Compute(image.Height, height, filter, antialias: true));

    private static void CheckBufferSize(int width, int height, int channels)
    {
        if ((long)width * height * channels > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(width), $"Target size {width}x{height} with {channels} channels is too large for one buffer.");
    }

    private static Image ResizeNearest(Image image, int width, int height)
    {
        int channels = image.Channels;
        int[] sourceX = NearestNeighbourIndices.Compute(image.Width, width);
        int[] sourceY = NearestNeighbourIndices.Compute(image.Height, height);
        var output = new byte[width * height * channels];
        byte[] input = image.Pixels;
        ParallelRange.For(height, ParallelRange.ChunkSize(height, 16), (start, end) =>
        {
            for (int y = start; y < end; y++)
            {
                int sourceRow = sourceY[y] * image.Width * channels, outRow = y * width * channels;
                for (int x = 0; x < width; x++)
                    for (int c = 0; c < channels; c++)
                        output[outRow + x * channels + c] = input[sourceRow + sourceX[x] * channels + c];
            }
        });
        return new Image(width, height, channels, output);
    }

    private static Image ResizeHorizontally(Image image, int width, ResampleWeights weights)
    {
        int channels = image.Channels, inputRowBytes = image.Width * channels, outputRowBytes = width * channels;
        int[] fixedWeights = weights.ToFixedPoint(FractionBits);
        var output = new byte[outputRowBytes * image.Height];
        byte[] input = image.Pixels;
        ParallelRange.For(image.Height, ParallelRange.ChunkSize(image.Height, 8), (start, end) =>
        {
            for (int y = start; y < end; y++)
                for (int x = 0; x < width; x++)
                {
                    int first = weights.First[x], taps = weights.Count[x], w0 = x * weights.TapsPerOutput;
                    for (int c = 0; c < channels; c++)
                    {
                        int sum = 1 << (FractionBits - 1); // rounds the final shift to nearest
                        int pixel = y * inputRowBytes + first * channels + c;
                        for (int t = 0; t < taps; t++, pixel += channels)
                            sum += input[pixel] * fixedWeights[w0 + t];
                        output[y * outputRowBytes + x * channels + c] = ClampToByte(sum);
                    }
                }
        });
        return new Image(width, image.Height, channels, output);
    }

    private static Image ResizeVertically(Image image, int height, ResampleWeights weights)
    {
        int rowBytes = image.Width * image.Channels;
        int[] fixedWeights = weights.ToFixedPoint(FractionBits);
        var output = new byte[rowBytes * height];
        byte[] input = image.Pixels;
        ParallelRange.For(height, ParallelRange.ChunkSize(height, 8), (start, end) =>
        {
            var sums = new int[rowBytes];
            for (int y = start; y < end; y++)
            {
                int first = weights.First[y], taps = weights.Count[y], w0 = y * weights.TapsPerOutput;
                Array.Fill(sums, 1 << (FractionBits - 1));
                // Row by row keeps memory access sequential; integer sums make the order irrelevant.
                for (int t = 0; t < taps; t++)
                {
                    int weight = fixedWeights[w0 + t], sourceRow = (first + t) * rowBytes;
                    for (int i = 0; i < rowBytes; i++)
                        sums[i] += input[sourceRow + i] * weight;
                }
                for (int i = 0; i < rowBytes; i++)
                    output[y * rowBytes + i] = ClampToByte(sums[i]);
            }
        });
        return new Image(image.Width, height, image.Channels, output);
    }

    private static byte ClampToByte(int fixedPointSum)
    {
        int value = fixedPointSum >> FractionBits; // arithmetic shift: floors negatives, as Pillow's lookup does
        return (byte)Math.Clamp(value, 0, 255);
    }

    // Colour × alpha / 255, rounded, in Pillow's integer form.
    private static Image Premultiply(Image image)
    {
        var pixels = (byte[])image.Pixels.Clone();
        for (int i = 0; i < pixels.Length; i += 4)
        {
            int alpha = pixels[i + 3];
            for (int c = 0; c < 3; c++)
            {
                int product = pixels[i + c] * alpha + 128;
                pixels[i + c] = (byte)((product + (product >> 8)) >> 8);
            }
        }
        return new Image(image.Width, image.Height, 4, pixels);
    }

    // Inverse of Premultiply (truncating, as Pillow); fully transparent and opaque pixels keep their values.
    private static void Unpremultiply(Image image)
    {
        var pixels = image.Pixels;
        for (int i = 0; i < pixels.Length; i += 4)
        {
            int alpha = pixels[i + 3];
            if (alpha is 0 or 255) continue;
            for (int c = 0; c < 3; c++)
                pixels[i + c] = (byte)Math.Min(255, 255 * pixels[i + c] / alpha);
        }
    }
}
