using Harmonia.Imaging.Files;
using Harmonia.Imaging.Jpeg;
using Harmonia.Imaging;

namespace Harmonia.Imaging.Tests.Jpeg;

/// <summary>CMYK colour conversion and Exif orientation, against djpeg / Pillow references.</summary>
public sealed class JpegColorAndOrientationTests
{
    [Fact]
    public void Adobe_cmyk_file_is_converted_to_the_same_rgb_as_djpeg()
    {
        var decoded = JpegDecoder.Decode(JpegFixtures.Jpeg("cmyk"), DecodeLimits.Default);
        var reference = JpegFixtures.Reference("cmyk");
        Assert.Equal(3, decoded.Channels);
        Assert.True(JpegFixtures.MaxAbsDifference(decoded, reference) <= 1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Exif_orientation_is_applied(int orientation)
    {
        var decoded = JpegDecoder.Decode(JpegFixtures.Jpeg($"exif_orientation_{orientation}"), DecodeLimits.Default);
        // The reference is djpeg's stored image turned upright by Pillow's exif_transpose.
        var reference = JpegFixtures.Reference($"exif_orientation_{orientation}");
        bool swapsAxes = orientation >= 5;
        Assert.Equal(swapsAxes ? (24, 40) : (40, 24), (decoded.Width, decoded.Height));
        Assert.True(JpegFixtures.MaxAbsDifference(decoded, reference) <= 1);
    }
}
