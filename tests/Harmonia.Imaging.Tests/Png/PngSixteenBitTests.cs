using System.Text.Json;
using Harmonia.Imaging.Files;
using Harmonia.Imaging.Png;

namespace Harmonia.Imaging.Tests.Png;

/// <summary>16-bit PNGs decoded and encoded at full precision (<see cref="Image16"/>).</summary>
public class PngSixteenBitTests
{
    private sealed record Fixture(string File, int BitDepth);

    public static TheoryData<string> SixteenBitFixtures()
    {
        var fixtures = JsonSerializer.Deserialize<Fixture[]>(
            File.ReadAllText(TestDataPaths.Get("png", "manifest.json")),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        var data = new TheoryData<string>();
        foreach (var fixture in fixtures.Where(f => f.BitDepth == 16)) data.Add(fixture.File);
        return data;
    }

    [Theory]
    [MemberData(nameof(SixteenBitFixtures))]
    public void Every_16_bit_fixture_rounds_to_the_8_bit_decoding(string file)
    {
        byte[] png = File.ReadAllBytes(TestDataPaths.Get("png", file));

        var deep = PngDecoder.DecodeSixteenBit(png, DecodeLimits.Default);
        var shallow = PngDecoder.Decode(png, DecodeLimits.Default);

        Assert.NotNull(deep);
        Assert.Equal((shallow.Width, shallow.Height, shallow.Channels), (deep.Width, deep.Height, deep.Channels));
        Assert.Equal(shallow.Pixels, deep.ToImage().Pixels);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void Encoding_and_decoding_keeps_every_16_bit_sample(int channels)
    {
        var samples = new ushort[7 * 5 * channels];
        for (int i = 0; i < samples.Length; i++)
            samples[i] = (ushort)(i * 2971 % 65536); // values 8 bits cannot hold
        var image = new Image16(7, 5, channels, samples);

        var png = PngEncoder.Encode(image);
        var decoded = ImageFile.LoadSixteenBit(png);

        Assert.NotNull(decoded);
        Assert.Equal(channels, decoded.Channels);
        Assert.Equal(samples, decoded.Samples);
        Assert.Equal(image.ToImage().Pixels, ImageFile.Load(png).Pixels);
    }

    [Fact]
    public void An_8_bit_png_or_a_jpeg_has_no_16_bit_decoding()
    {
        var image = new Image(4, 4, 3);
        Assert.Null(ImageFile.LoadSixteenBit(ImageFile.Encode(image, ImageFileFormat.Png)));
        Assert.Null(ImageFile.LoadSixteenBit(ImageFile.Encode(image, ImageFileFormat.Jpeg)));
    }

    [Fact]
    public void A_16_bit_image_saved_as_jpeg_is_rounded_to_8_bits()
    {
        var image = new Image16(8, 8, 1, Enumerable.Range(0, 64).Select(i => (ushort)(i * 1000)).ToArray());

        var jpeg = ImageFile.Encode(image, ImageFileFormat.Jpeg, jpegQuality: 100);

        Assert.Equal(ImageFileFormat.Jpeg, ImageFile.DetectFormat(jpeg));
        var decoded = ImageFile.Load(jpeg);
        for (int i = 0; i < 64; i++)
            Assert.InRange(decoded.Pixels[i], image.ToImage().Pixels[i] - 2, image.ToImage().Pixels[i] + 2);
    }

    [Fact]
    public void LoadAtFullPrecision_keeps_a_16_bit_png_16_bit_and_everything_else_8_bit()
    {
        var deep = new Image16(3, 2, 3, Enumerable.Range(0, 18).Select(i => (ushort)(i * 3001 + 7)).ToArray());
        var flat = new Image(3, 2, 3);

        var deepFile = ImageFile.LoadAtFullPrecision(ImageFile.Encode(deep, ImageFileFormat.Png));
        var flatFile = ImageFile.LoadAtFullPrecision(ImageFile.Encode(flat, ImageFileFormat.Png));
        var jpegFile = ImageFile.LoadAtFullPrecision(ImageFile.Encode(flat, ImageFileFormat.Jpeg));

        Assert.Null(deepFile.EightBit);
        Assert.Equal(deep.Samples, deepFile.SixteenBit!.Samples);
        Assert.Equal((3, 2), (deepFile.Width, deepFile.Height));
        Assert.Null(flatFile.SixteenBit);
        Assert.Equal(flat.Pixels, flatFile.EightBit!.Pixels);
        Assert.Null(jpegFile.SixteenBit);
        // Encoding the decoded file gives back a 16-bit PNG with the same samples.
        Assert.Equal(deep.Samples, ImageFile.LoadSixteenBit(ImageFile.Encode(deepFile, ImageFileFormat.Png))!.Samples);
    }
}
