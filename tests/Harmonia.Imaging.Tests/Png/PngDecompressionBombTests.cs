using Harmonia.Imaging.Files;
using Harmonia.Imaging.Png;

namespace Harmonia.Imaging.Tests.Png;

/// <summary>
/// Files built to exhaust memory or time are refused before any large allocation: declared
/// sizes are checked against <see cref="DecodeLimits"/>, and image data is never inflated
/// beyond what the header declares.
/// </summary>
public class PngDecompressionBombTests
{
    [Fact]
    public void Huge_declared_dimensions_are_refused_by_the_pixel_limit()
    {
        var png = new PngBuilder().Header(100_000, 100_000, 8, 6).ImageData([0, 0, 0, 0, 0]).End().ToArray();
        var e = Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png, DecodeLimits.Default));
        Assert.Contains("100000x100000", e.Message);
        Assert.Contains("limit", e.Message);
    }

    [Fact]
    public void Pixel_limit_is_the_callers()
    {
        byte[] png = PngEncoder.Encode(new Image(20, 10, 3));
        Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png, new DecodeLimits(199)));
        Assert.Equal(20, PngDecoder.Decode(png, new DecodeLimits(200)).Width);
    }

    [Fact]
    public void Large_declared_size_with_a_few_bytes_of_data_is_refused_before_allocating()
    {
        // 9000x9000 RGBA16 is within the default 100 MP limit but needs 648 MB of scanlines;
        // a few hundred compressed bytes cannot possibly hold them.
        var png = new PngBuilder().Header(9000, 9000, 16, 6).ImageData(new byte[300]).End().ToArray();
        var e = Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png, DecodeLimits.Default));
        Assert.Contains("cannot inflate", e.Message);
    }

    [Fact]
    public void Image_data_that_inflates_far_beyond_the_declared_size_is_refused()
    {
        // A 10x10 grey image needs 110 bytes; this IDAT inflates to 16 MB of zeros.
        var bomb = PngBuilder.Compress(new byte[16 << 20]);
        var png = new PngBuilder().Header(10, 10, 8, 0).Chunk("IDAT", bomb).End().ToArray();
        var e = Assert.Throws<ImageFormatException>(() => PngDecoder.Decode(png, DecodeLimits.Default));
        Assert.Contains("more than the 110 bytes", e.Message);
    }
}
