using System.Text.Json;
using Harmonia.Imaging.Files;
using Harmonia.Imaging.Png;

namespace Harmonia.Imaging.Tests.Png;

/// <summary>
/// Decodes the committed fixtures (tests/data/imaging/png, made by make_png_fixtures.py with a
/// hand-written PNG writer, ImageMagick and Pillow) and compares every pixel with the
/// reference decoding stored beside each file.
/// </summary>
public class PngFixtureDecodeTests
{
    public sealed record Fixture(string File, int Width, int Height, int Channels, int ColorType, int BitDepth, bool Interlaced)
    {
        public override string ToString() => File;
    }

    private static readonly Fixture[] Fixtures = JsonSerializer.Deserialize<Fixture[]>(
        System.IO.File.ReadAllText(TestDataPaths.Get("png", "manifest.json")),
        new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    public static TheoryData<string> FixtureNames()
    {
        var data = new TheoryData<string>();
        foreach (var f in Fixtures) data.Add(f.File);
        return data;
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Decodes_fixture_to_reference_pixels(string file)
    {
        var fixture = Fixtures.Single(f => f.File == file);
        byte[] png = File.ReadAllBytes(TestDataPaths.Get("png", file));

        var image = PngDecoder.Decode(png, DecodeLimits.Default);

        Assert.Equal(fixture.Width, image.Width);
        Assert.Equal(fixture.Height, image.Height);
        Assert.Equal(fixture.Channels, image.Channels);
        byte[] expected = File.ReadAllBytes(TestDataPaths.Get("png", Path.ChangeExtension(file, ".rgba")));
        byte[] actual = TestImages.ToRgba(image);
        for (int i = 0; i < expected.Length; i++)
            if (expected[i] != actual[i])
                Assert.Fail($"{file}: pixel ({i / 4 % image.Width}, {i / 4 / image.Width}) channel {i % 4} is {actual[i]}, expected {expected[i]}.");
    }

    [Fact]
    public void Fixtures_cover_every_colour_type_bit_depth_and_interlace_combination()
    {
        // Guards against the generator silently dropping a case.
        (int, int)[] valid = [(0, 1), (0, 2), (0, 4), (0, 8), (0, 16), (2, 8), (2, 16), (3, 1), (3, 2), (3, 4), (3, 8), (4, 8), (4, 16), (6, 8), (6, 16)];
        foreach (var (colorType, depth) in valid)
            foreach (bool interlaced in new[] { false, true })
                Assert.Contains(Fixtures, f => f.ColorType == colorType && f.BitDepth == depth && f.Interlaced == interlaced);
        Assert.Contains(Fixtures, f => f.File.StartsWith("magick-"));
        Assert.Contains(Fixtures, f => f.File.StartsWith("pillow-"));
        Assert.Contains(Fixtures, f => f.ColorType == 3 && f.Channels == 4); // palette + tRNS keeps alpha
    }
}
