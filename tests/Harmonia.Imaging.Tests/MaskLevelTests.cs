using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Tests;

/// <summary>
/// A mask is grey (or a cut-out with transparency). A colour picture given as the mask, most often the
/// composite in the mask's place, is refused instead of being read as a soft mask by its grey.
/// </summary>
public class MaskLevelTests
{
    private const int Side = 40;

    // Every pixel gets (r, g, b) = colour(x, y).
    private static Image Rgb(Func<int, int, (int R, int G, int B)> colour, int channels = 3, byte alpha = 255)
    {
        var pixels = new byte[Side * Side * channels];
        for (int y = 0; y < Side; y++)
            for (int x = 0; x < Side; x++)
            {
                var (r, g, b) = colour(x, y);
                int i = (y * Side + x) * channels;
                (pixels[i], pixels[i + 1], pixels[i + 2]) = ((byte)r, (byte)g, (byte)b);
                if (channels == 4) pixels[i + 3] = alpha;
            }
        return new Image(Side, Side, channels, pixels);
    }

    private static bool Inside(int x, int y) => x is >= 10 and < 30 && y is >= 10 and < 30;

    [Fact]
    public void A_photo_is_refused_as_a_colour_picture()
    {
        var photo = Rgb((x, y) => (40 + 5 * x, 200 - 4 * y, 90 + 3 * (x + y) % 120));

        var error = Assert.Throws<ImageFormatException>(() => ChannelConversion.MaskLevel(photo));

        Assert.Contains("colour picture", error.Message);
        Assert.Contains("other way round", error.Message);
        Assert.Throws<ImageFormatException>(() => MaskCoverage.FromImage(photo));
        Assert.Throws<ImageFormatException>(() => Mask.FromImage(photo));
    }

    /// <summary>Pure red is grey 76: read by its grey, a red-on-black mask would select nothing.</summary>
    [Fact]
    public void A_red_object_on_black_is_refused()
    {
        var red = Rgb((x, y) => Inside(x, y) ? (255, 0, 0) : (0, 0, 0));

        Assert.Throws<ImageFormatException>(() => ChannelConversion.MaskLevel(red));
    }

    /// <summary>Grey saved as RGB, with the small channel differences JPEG's colour rounding leaves.</summary>
    [Fact]
    public void Grey_in_three_channels_with_rounding_noise_is_a_mask()
    {
        var grey = Rgb((x, y) => Inside(x, y) ? (255, 253, 255) : ((x + y) % 3, 0, 2));

        var level = ChannelConversion.MaskLevel(grey);

        Assert.Equal(1, level.Channels);
        Assert.Equal(20 * 20, Mask.FromImage(grey).ForegroundPixelCount);
    }

    /// <summary>A few coloured pixels (a tinted edge, a small logo) are under the 1% a mask may have.</summary>
    [Fact]
    public void A_mask_with_a_few_coloured_pixels_is_accepted()
    {
        // 12 of 1,600 pixels (0.75%) coloured.
        var almost = Rgb((x, y) => y == 0 && x < 12 ? (255, 0, 0) : Inside(x, y) ? (255, 255, 255) : (0, 0, 0));

        Assert.InRange(ChannelConversion.ColouredShare(almost), 0.0074, 0.0076);
        Assert.Equal(20 * 20, Mask.FromImage(almost).ForegroundPixelCount);
    }

    /// <summary>A cut-out is read by its alpha, whatever colours its pixels hold.</summary>
    [Fact]
    public void A_coloured_cut_out_with_transparency_is_read_by_its_alpha()
    {
        var cutOut = Rgb((x, y) => (40 + 5 * x, 200 - 4 * y, 30), channels: 4, alpha: 0);
        cutOut.Pixels[(15 * Side + 15) * 4 + 3] = 255;

        var level = ChannelConversion.MaskLevel(cutOut);

        Assert.Equal(1, level.Channels);
        Assert.Equal(255, level.Pixels[15 * Side + 15]);
        Assert.Equal(0, level.Pixels[0]);
    }

    [Fact]
    public void Grey_images_in_one_or_four_channels_have_no_coloured_share()
    {
        Assert.Equal(0, ChannelConversion.ColouredShare(new Image(2, 1, 1, [0, 255])));
        Assert.Equal(0, ChannelConversion.ColouredShare(new Image(2, 1, 4, [0, 0, 0, 255, 255, 255, 255, 255])));
    }
}
