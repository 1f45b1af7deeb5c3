using Harmonia.Tensors;
using Harmonia.Tensors.Threading;

namespace Harmonia.Imaging.TensorConversion;

/// <summary>
/// Converts between interleaved 8-bit <see cref="Image"/>s and planar (CHW) float data, as
/// models consume it. Bytes map to floats exactly as torchvision computes them
/// (<c>v / 255</c>, then <c>(x - 0.5) / 0.5</c> for [-1, 1]); floats map back by scaling,
/// clamping to 0–255 and rounding half away from zero (NaN becomes 0).
/// </summary>
public static class ImageTensorConversion
{
    private static readonly float[] ZeroToOneTable = BuildTable(PixelRange.ZeroToOne);
    private static readonly float[] MinusOneToOneTable = BuildTable(PixelRange.MinusOneToOne);

    private static float[] BuildTable(PixelRange range)
    {
        var table = new float[256];
        for (int v = 0; v < 256; v++)
        {
            float unit = v / 255f;
            table[v] = range == PixelRange.ZeroToOne ? unit : (unit - 0.5f) / 0.5f;
        }
        return table;
    }

    /// <summary>The image as planes: value of channel c at (x, y) is at <c>[(c·H + y)·W + x]</c>.</summary>
    public static float[] ToChw(Image image, PixelRange range)
    {
        ArgumentNullException.ThrowIfNull(image);
        float[] table = range == PixelRange.ZeroToOne ? ZeroToOneTable : MinusOneToOneTable;
        int channels = image.Channels, pixelCount = image.Width * image.Height;
        var planes = new float[(long)channels * pixelCount];
        byte[] pixels = image.Pixels;
        ParallelRange.For(pixelCount, ParallelRange.ChunkSize(pixelCount, 4096), (start, end) =>
        {
            for (int c = 0; c < channels; c++)
            {
                int plane = c * pixelCount;
                for (int i = start; i < end; i++)
                    planes[plane + i] = table[pixels[i * channels + c]];
            }
        });
        return planes;
    }

    /// <summary>The image as a tensor of shape [1, C, H, W].</summary>
    public static Tensor ToTensor(Image image, PixelRange range)
        => Tensor.FromArray(ToChw(image, range), 1, image.Channels, image.Height, image.Width);

    /// <summary>Builds an image from planar data of <paramref name="channels"/> (1, 3 or 4) planes.</summary>
    public static Image FromChw(ReadOnlySpan<float> planes, int channels, int height, int width, PixelRange range)
    {
        if (channels is not (1 or 3 or 4))
            throw new ArgumentOutOfRangeException(nameof(channels), $"An image has 1, 3 or 4 channels, not {channels}.");
        if (height <= 0 || width <= 0)
            throw new ArgumentOutOfRangeException(nameof(height), $"Size must be positive, got {width}x{height}.");
        int pixelCount = height * width;
        if (planes.Length != (long)channels * pixelCount)
            throw new ArgumentException($"Expected {(long)channels * pixelCount} values for {channels}x{height}x{width}, got {planes.Length}.", nameof(planes));

        // Scale and offset that take the range to 0..255.
        float scale = range == PixelRange.ZeroToOne ? 255f : 127.5f;
        float offset = range == PixelRange.ZeroToOne ? 0f : 1f;
        var pixels = new byte[(long)channels * pixelCount];
        for (int c = 0; c < channels; c++)
        {
            var plane = planes.Slice(c * pixelCount, pixelCount);
            for (int i = 0; i < pixelCount; i++)
                pixels[i * channels + c] = ToByte((plane[i] + offset) * scale);
        }
        return new Image(width, height, channels, pixels);
    }

    /// <summary>Builds an image from a tensor of shape [1, C, H, W] or [C, H, W].</summary>
    public static Image FromTensor(Tensor tensor, PixelRange range)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = tensor.Shape;
        bool batchOfOne = shape.Length == 4 && shape[0] == 1;
        if (!batchOfOne && shape.Length != 3)
            throw new ArgumentException($"Expected a tensor of shape [1, C, H, W] or [C, H, W], got {ShapeMath.Format(shape)}.", nameof(tensor));
        return FromChw(tensor.Data, shape[^3], shape[^2], shape[^1], range);
    }

    private static byte ToByte(float value)
    {
        if (!(value > 0f)) return 0; // also catches NaN
        if (value >= 255f) return 255;
        return (byte)(value + 0.5f);
    }
}
