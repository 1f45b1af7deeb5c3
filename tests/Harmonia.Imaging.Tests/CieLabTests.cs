using Harmonia.Imaging.Color;
using Harmonia.Imaging.TensorConversion;
using Harmonia.Tensors;

namespace Harmonia.Imaging.Tests;

public class CieLabTests
{
    // Published CIE L*a*b* (D65) values of the sRGB primaries, white, black and mid grey.
    [Theory]
    [InlineData(1f, 1f, 1f, 100f, 0f, 0f)]
    [InlineData(0f, 0f, 0f, 0f, 0f, 0f)]
    [InlineData(1f, 0f, 0f, 53.2408f, 80.0925f, 67.2032f)]
    [InlineData(0f, 1f, 0f, 87.7347f, -86.1827f, 83.1793f)]
    [InlineData(0f, 0f, 1f, 32.2970f, 79.1875f, -107.8602f)]
    [InlineData(0.5f, 0.5f, 0.5f, 53.3889f, 0f, 0f)]
    public void Known_colours(float r, float g, float b, float l, float a, float bStar)
    {
        var lab = CieLab.FromSrgb(r, g, b);
        Assert.Equal(l, lab.L, 0.01f);
        Assert.Equal(a, lab.A, 0.01f);
        Assert.Equal(bStar, lab.B, 0.01f);
    }

    [Fact]
    public void Round_trip_over_a_colour_grid()
    {
        for (int r = 0; r <= 10; r++)
            for (int g = 0; g <= 10; g++)
                for (int b = 0; b <= 10; b++)
                {
                    var lab = CieLab.FromSrgb(r / 10f, g / 10f, b / 10f);
                    var rgb = CieLab.ToSrgb(lab.L, lab.A, lab.B);
                    Assert.Equal(r / 10f, rgb.R, 1e-4f);
                    Assert.Equal(g / 10f, rgb.G, 1e-4f);
                    Assert.Equal(b / 10f, rgb.B, 1e-4f);
                }
    }

    [Fact]
    public void Planar_and_tensor_forms_agree_with_the_per_colour_form()
    {
        var image = TestImages.GradientWithNoise(6, 4, 3);
        var rgb = ImageTensorConversion.ToTensor(image, PixelRange.ZeroToOne);

        var lab = CieLab.FromSrgb(rgb);

        Assert.Equal(rgb.Shape, lab.Shape);
        int n = 24;
        for (int i = 0; i < n; i++)
        {
            var expected = CieLab.FromSrgb(rgb.Data[i], rgb.Data[n + i], rgb.Data[2 * n + i]);
            Assert.Equal(expected.L, lab.Data[i]);
            Assert.Equal(expected.A, lab.Data[n + i]);
            Assert.Equal(expected.B, lab.Data[2 * n + i]);
        }
        var back = CieLab.ToSrgb(lab);
        Assert.Equal(rgb.Data, back.Data, (x, y) => Math.Abs(x - y) < 1e-4f);
    }

    [Fact]
    public void Tensor_without_three_channels_is_refused() =>
        Assert.Throws<ArgumentException>(() => CieLab.FromSrgb(Tensor.Zeros(1, 4, 2, 2)));
}
