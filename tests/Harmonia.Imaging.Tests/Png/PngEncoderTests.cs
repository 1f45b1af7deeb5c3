using System.IO.Compression;
using Harmonia.Imaging.Files;
using Harmonia.Imaging.Png;

namespace Harmonia.Imaging.Tests.Png;

public class PngEncoderTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 37, 23)]
    [InlineData(3, 1, 1)]
    [InlineData(3, 64, 48)]
    [InlineData(3, 5, 300)]
    [InlineData(4, 1, 1)]
    [InlineData(4, 33, 17)]
    public void Round_trips_every_supported_channel_count(int channels, int width, int height)
    {
        var image = TestImages.GradientWithNoise(width, height, channels, seed: width * 31 + height);

        var decoded = PngDecoder.Decode(PngEncoder.Encode(image), DecodeLimits.Default);

        Assert.Equal((width, height, channels), (decoded.Width, decoded.Height, decoded.Channels));
        Assert.Equal(image.Pixels, decoded.Pixels);
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Fastest)]
    [InlineData(CompressionLevel.SmallestSize)]
    public void Round_trips_at_every_compression_level(CompressionLevel level)
    {
        var image = TestImages.GradientWithNoise(40, 30, 3);
        Assert.Equal(image.Pixels, PngDecoder.Decode(PngEncoder.Encode(image, level), DecodeLimits.Default).Pixels);
    }

    [Fact]
    public void Large_image_is_split_into_several_IDAT_chunks_and_still_round_trips()
    {
        // Noise barely compresses, so ~480 KB of pixels need several 256 KiB IDAT chunks.
        var random = new Random(7);
        var pixels = new byte[400 * 400 * 3];
        random.NextBytes(pixels);
        var image = new Image(400, 400, 3, pixels);

        byte[] png = PngEncoder.Encode(image, CompressionLevel.Fastest);

        Assert.True(CountChunks(png, "IDAT") > 1);
        Assert.Equal(pixels, PngDecoder.Decode(png, DecodeLimits.Default).Pixels);
    }

    [Fact]
    public void Filter_choice_follows_the_image_structure()
    {
        // Rows that are horizontal ramps predict best from the left (Sub); rows identical to
        // the one above predict best from above (Up). A constant-zero image needs no filter.
        const int width = 64;
        var ramp = new byte[width * 3];
        for (int x = 0; x < width; x++) ramp[x * 3] = ramp[x * 3 + 1] = ramp[x * 3 + 2] = (byte)(x * 3 + 17);
        var pixels = new byte[width * 3 * 4];
        var random = new Random(3);
        for (int y = 0; y < 4; y++) random.NextBytes(pixels.AsSpan(y * width * 3, width * 3)); // noisy rows 0..3
        var noisy = pixels.AsSpan(3 * width * 3, width * 3).ToArray();
        var image = new Image(width, 6, 3, [.. pixels.AsSpan(0, 3 * width * 3), .. noisy, .. noisy, .. ramp]);

        byte[] filters = FilterTypesOf(PngEncoder.Encode(image), rows: 6, rowBytes: width * 3);

        Assert.Equal(ScanlineFilter.Up, filters[4]);   // row 4 repeats row 3
        Assert.Equal(ScanlineFilter.Sub, filters[5]);  // row 5 is a ramp under a noisy row
        var zeros = new Image(8, 8, 1);
        Assert.All(FilterTypesOf(PngEncoder.Encode(zeros), rows: 8, rowBytes: 8), f => Assert.Equal(ScanlineFilter.None, f));
    }

    [Fact]
    public void Output_starts_with_signature_and_header_and_ends_with_IEND()
    {
        byte[] png = PngEncoder.Encode(TestImages.GradientWithNoise(3, 2, 4));
        Assert.True(PngDecoder.HasSignature(png));
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        Assert.Equal("IEND"u8.ToArray(), png[^8..^4]);
    }

    private static int CountChunks(byte[] png, string type)
    {
        int count = 0;
        for (int position = 8; position < png.Length;)
        {
            int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            if (System.Text.Encoding.ASCII.GetString(png, position + 4, 4) == type) count++;
            position += 12 + length;
        }
        return count;
    }

    // Inflates the IDAT data and reads the filter byte at the start of each row.
    private static byte[] FilterTypesOf(byte[] png, int rows, int rowBytes)
    {
        var idat = new MemoryStream();
        for (int position = 8; position < png.Length;)
        {
            int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            if (System.Text.Encoding.ASCII.GetString(png, position + 4, 4) == "IDAT") idat.Write(png, position + 8, length);
            position += 12 + length;
        }
        idat.Position = 0;
        var raw = new byte[rows * (1 + rowBytes)];
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress)) zlib.ReadExactly(raw);
        return Enumerable.Range(0, rows).Select(r => raw[r * (1 + rowBytes)]).ToArray();
    }
}
