using Harmonia.Imaging.TensorConversion;
using Harmonia.Tensors;

namespace Harmonia.Imaging.Tests;

public class ImageTensorConversionTests
{
    [Fact]
    public void Interleaved_pixels_become_planes()
    {
        // 2x1 RGB: pixel 0 = (0, 51, 102), pixel 1 = (153, 204, 255)
        var image = new Image(2, 1, 3, [0, 51, 102, 153, 204, 255]);
        float[] planes = ImageTensorConversion.ToChw(image, PixelRange.ZeroToOne);
        Assert.Equal([0f, 0.6f, 0.2f, 0.8f, 0.4f, 1f], planes, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void Values_equal_torchvision_float32_arithmetic()
    {
        var image = new Image(256, 1, 1, Enumerable.Range(0, 256).Select(v => (byte)v).ToArray());
        float[] unit = ImageTensorConversion.ToChw(image, PixelRange.ZeroToOne);
        float[] signed = ImageTensorConversion.ToChw(image, PixelRange.MinusOneToOne);
        for (int v = 0; v < 256; v++)
        {
            Assert.Equal(v / 255f, unit[v]);                       // to_tensor: divide by 255 in float32
            Assert.Equal((v / 255f - 0.5f) / 0.5f, signed[v]);     // Normalize(mean 0.5, std 0.5)
        }
        Assert.Equal(-1f, signed[0]);
        Assert.Equal(1f, signed[255]);
    }

    [Theory]
    [InlineData(PixelRange.ZeroToOne)]
    [InlineData(PixelRange.MinusOneToOne)]
    public void Every_byte_value_round_trips_exactly(PixelRange range)
    {
        var pixels = Enumerable.Range(0, 256 * 3).Select(i => (byte)(i * 7 % 256)).ToArray();
        var image = new Image(16, 16, 3, pixels);
        var back = ImageTensorConversion.FromChw(ImageTensorConversion.ToChw(image, range), 3, 16, 16, range);
        Assert.Equal(pixels, back.Pixels);
    }

    [Fact]
    public void Floats_are_rounded_and_clamped()
    {
        float[] values = [-0.3f, 0f, 0.5f / 255f, 0.49f / 255f, 0.5f, 1f, 1.7f, float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        var image = ImageTensorConversion.FromChw(values, 1, 1, values.Length, PixelRange.ZeroToOne);
        Assert.Equal([0, 0, 1, 0, 128, 255, 255, 0, 255, 0], image.Pixels);

        var signed = ImageTensorConversion.FromChw([-1.5f, -1f, 0f, 1f, 3f], 1, 1, 5, PixelRange.MinusOneToOne);
        Assert.Equal([0, 0, 128, 255, 255], signed.Pixels);
    }

    [Fact]
    public void Tensor_has_batch_dimension_and_converts_back()
    {
        var image = TestImages.GradientWithNoise(5, 3, 4);
        var tensor = ImageTensorConversion.ToTensor(image, PixelRange.MinusOneToOne);
        Assert.Equal([1, 4, 3, 5], tensor.Shape);
        Assert.Equal(image.Pixels, ImageTensorConversion.FromTensor(tensor, PixelRange.MinusOneToOne).Pixels);
        var unbatched = Tensor.FromArray(tensor.ToArray(), 4, 3, 5);
        Assert.Equal(image.Pixels, ImageTensorConversion.FromTensor(unbatched, PixelRange.MinusOneToOne).Pixels);
    }

    [Fact]
    public void Bad_shapes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ImageTensorConversion.FromTensor(Tensor.Zeros(2, 3, 4, 4), PixelRange.ZeroToOne));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageTensorConversion.FromTensor(Tensor.Zeros(1, 2, 4, 4), PixelRange.ZeroToOne));
        Assert.Throws<ArgumentException>(() => ImageTensorConversion.FromChw(new float[5], 1, 2, 2, PixelRange.ZeroToOne));
    }
}
