using System.Net;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Web.Tests;

/// <summary>Successful harmonizations through the real server with the baseline models.</summary>
public sealed class HarmonizeApiTests : IAsyncLifetime
{
    private LoopbackServer server = null!;

    public async Task InitializeAsync() => server = await LoopbackServer.StartAsync();
    public async Task DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [InlineData("composite", "256")]
    [InlineData("reinhard", "256")]
    [InlineData("reinhard", "native")]
    [InlineData("reinhard", "24")]
    public async Task Returns_a_png_of_the_composite_size_with_the_background_untouched(string model, string size)
    {
        const int width = 40, height = 30;
        var composite = TestImages.Composite(width, height);
        using var response = await server.HarmonizeAsync(TestImages.CompositePng(width, height), TestImages.MaskPng(width, height), model, size);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(model, response.Headers.GetValues("X-Harmonia-Model").Single());
        var result = ImageFile.Load(await response.Content.ReadAsByteArrayAsync());
        BackgroundAssert.Unchanged(composite, result, (x, y) => TestImages.IsForeground(x, y, width, height));
    }

    [Fact]
    public async Task Composite_baseline_returns_the_input_pixels_and_reinhard_changes_the_foreground()
    {
        const int width = 32, height = 24;
        var composite = TestImages.Composite(width, height);
        using var unchanged = await server.HarmonizeAsync(TestImages.CompositePng(width, height), TestImages.MaskPng(width, height), "composite", "native");
        using var harmonized = await server.HarmonizeAsync(TestImages.CompositePng(width, height), TestImages.MaskPng(width, height), "reinhard", "native");

        Assert.Equal(composite.Pixels, ImageFile.Load(await unchanged.Content.ReadAsByteArrayAsync()).Pixels);
        var result = ImageFile.Load(await harmonized.Content.ReadAsByteArrayAsync());
        int centre = (height / 2 * width + width / 2) * 3;
        Assert.False(composite.Pixels.AsSpan(centre, 3).SequenceEqual(result.Pixels.AsSpan(centre, 3)), "Reinhard left the foreground as it was");
    }

    [Fact]
    public async Task Without_model_and_size_fields_uses_the_default_model_at_the_default_size()
    {
        using var response = await server.HarmonizeAsync(TestImages.CompositePng(16, 16), TestImages.MaskPng(16, 16));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("reinhard", response.Headers.GetValues("X-Harmonia-Model").Single());
        Assert.Equal("256", response.Headers.GetValues("X-Harmonia-Size").Single());
    }

    [Fact]
    public async Task An_rgba_composite_and_an_rgb_mask_are_accepted()
    {
        const int width = 20, height = 20;
        var rgb = TestImages.Composite(width, height);
        var rgba = new byte[width * height * 4];
        for (int p = 0; p < width * height; p++)
        {
            rgb.Pixels.AsSpan(p * 3, 3).CopyTo(rgba.AsSpan(p * 4));
            rgba[p * 4 + 3] = (byte)(p % 7 == 0 ? 0 : 255 - p % 100);
        }
        var greyMask = TestImages.Mask(width, height);

        using var response = await server.HarmonizeAsync(
            ImageFile.Encode(new Image(width, height, 4, rgba), ImageFileFormat.Png),
            ImageFile.Encode(new Image(width, height, 3, ExpandGrey(greyMask.Pixels)), ImageFileFormat.Png),
            "composite", "native");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The result keeps the composite's alpha channel, so hidden pixels stay hidden.
        var result = ImageFile.Load(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(rgba, result.Pixels);
    }

    [Fact]
    public async Task A_16_bit_png_composite_comes_back_16_bit()
    {
        var eightBit = TestImages.Composite(16, 16);
        var deep = new Image16(16, 16, 3, eightBit.Pixels.Select((v, i) => (ushort)(v * 256 + i % 97)).ToArray());

        using var response = await server.HarmonizeAsync(
            ImageFile.Encode(deep, ImageFileFormat.Png), ImageFile.Encode(TestImages.Mask(16, 16), ImageFileFormat.Png), "composite", "native");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = ImageFile.LoadSixteenBit(await response.Content.ReadAsByteArrayAsync());
        Assert.NotNull(result);
        Assert.Equal(deep.Samples, result.Samples);
    }

    [Fact]
    public async Task A_feathered_mask_moves_every_pixel_by_its_coverage_times_the_objects_change()
    {
        // A disc of one colour out to radius 12 whose mask fades from 1 at radius 6 to 0 at radius 12: the
        // pixels below 0.5 (outside the model's foreground) move too, by their share of the object's change.
        const int size = 32;
        var composite = new Image(size, size, 3);
        var mask = new Image(size, size, 1);
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                double distance = Math.Sqrt((x - 16) * (x - 16) + (y - 16) * (y - 16));
                byte[] colour = distance < 12 ? [150, 175, 225] : [(byte)(120 + 3 * x), (byte)(70 + y), (byte)(40 + x + y)];
                colour.CopyTo(composite.Pixels, (y * size + x) * 3);
                mask.Pixels[y * size + x] = (byte)Math.Round(255 * Math.Clamp((12 - distance) / 6, 0, 1));
            }

        using var response = await server.HarmonizeAsync(
            ImageFile.Encode(composite, ImageFileFormat.Png), ImageFile.Encode(mask, ImageFileFormat.Png), "reinhard", "native");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = ImageFile.Load(await response.Content.ReadAsByteArrayAsync());
        int centre = (16 * size + 16) * 3;
        var objectChange = Enumerable.Range(0, 3).Select(c => result.Pixels[centre + c] - composite.Pixels[centre + c]).ToArray();
        Assert.True(objectChange.Max(Math.Abs) >= 20, "Reinhard hardly changed the object");
        int lowCoverageMoved = 0;
        for (int p = 0; p < size * size; p++)
        {
            double coverage = mask.Pixels[p] / 255.0;
            for (int c = 0; c < 3; c++)
            {
                int change = result.Pixels[3 * p + c] - composite.Pixels[3 * p + c];
                Assert.InRange(change, coverage * objectChange[c] - 1.5, coverage * objectChange[c] + 1.5);
                if (coverage is > 0 and < 0.5 && change != 0) lowCoverageMoved++;
            }
        }
        Assert.True(lowCoverageMoved > 50, $"only {lowCoverageMoved} channels below coverage 0.5 moved");
    }

    private static byte[] ExpandGrey(byte[] grey) => grey.SelectMany(g => new[] { g, g, g }).ToArray();
}
