using Harmonia.Imaging.Files;
using Harmonia.Imaging;
using Harmonia.Models;

namespace Harmonia.Tests;

/// <summary>
/// The library reads files as <c>harmonia run</c> does: a feathered mask blends its edge, a 16-bit PNG
/// stays 16-bit, and an RGBA composite keeps its alpha.
/// </summary>
public class InputLayoutTests
{
    private const int Width = 48, Height = 40;

    private static ImageHarmonizer Reference() =>
        new(new ColorMapHarmonizer(ModelCatalog.Load("hdnet-lite", null, null, Path.Combine(Repository.Root, "models"))));

    // The square mask with a ramp of grey levels 32..224 in a band around its edge.
    private static Image FeatheredMask()
    {
        var image = TestPictures.Mask(Width, Height);
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
                if (x >= Width / 4 - 4 && x < Width / 4 + 4 && y >= Height / 4 && y < Height * 3 / 4)
                    image.Pixels[y * Width + x] = (byte)(32 + 24 * (x - (Width / 4 - 4)));
        return image;
    }

    [Fact]
    public void A_feathered_mask_file_blends_its_edge_as_the_command_line_does()
    {
        using var folder = new TemporaryFolder();
        var (compositePath, _) = TestPictures.WritePairIn(folder.Path, Width, Height);
        var maskPath = folder.File("feathered.png");
        var maskImage = FeatheredMask();
        ImageFile.Save(maskPath, maskImage);
        using var harmonizer = Harmonizer.Load();

        var result = harmonizer.Harmonize(compositePath, maskPath).Image;

        var composite = ImageFile.Load(compositePath);
        var soft = Reference().Harmonize(composite, MaskCoverage.FromImage(maskImage), 256);
        var cut = Reference().Harmonize(composite, Mask.FromImage(maskImage), 256);
        Assert.Equal(soft.Pixels, result.Pixels);
        Assert.NotEqual(cut.Pixels, result.Pixels);
        // A pixel of grey 56 (coverage 0.22, below the network's 0.5) moves; with a cut mask it could not.
        int x = Width / 4 - 3, y = Height / 2, i = 3 * (y * Width + x);
        Assert.Equal(56, maskImage.Pixels[y * Width + x]);
        Assert.Equal(composite.Pixels.AsSpan(i, 3).ToArray(), cut.Pixels.AsSpan(i, 3).ToArray());
        Assert.NotEqual(composite.Pixels.AsSpan(i, 3).ToArray(), result.Pixels.AsSpan(i, 3).ToArray());
    }

    [Fact]
    public void A_sixteen_bit_png_gives_a_sixteen_bit_result_that_png_output_keeps()
    {
        using var folder = new TemporaryFolder();
        var eight = TestPictures.Composite(Width, Height);
        // Low bytes that 8-bit rounding would lose.
        var samples = new ushort[eight.Pixels.Length];
        for (int i = 0; i < samples.Length; i++) samples[i] = (ushort)(eight.Pixels[i] * 257 + (i % 7) * 9);
        var deep = new Image16(Width, Height, 3, samples);
        var compositePath = folder.File("deep.png");
        File.WriteAllBytes(compositePath, ImageFile.Encode(deep, ImageFileFormat.Png));
        var maskPath = folder.File("mask.png");
        ImageFile.Save(maskPath, TestPictures.Mask(Width, Height));
        using var harmonizer = Harmonizer.Load();

        var result = harmonizer.Harmonize(compositePath, maskPath);

        var expected = Reference().Harmonize(deep, MaskCoverage.FromImage(TestPictures.Mask(Width, Height)), 256);
        Assert.NotNull(result.SixteenBitImage);
        Assert.Equal(expected.Samples, result.SixteenBitImage!.Samples);
        Assert.Equal(expected.ToImage().Pixels, result.Image.Pixels);
        Assert.Equal(expected.Samples, ImageFile.LoadSixteenBit(result.ToPng())!.Samples);
        Assert.Contains(result.SixteenBitImage.Samples, v => v % 257 != 0);
        // JPEG is 8-bit: it encodes the rounded image.
        Assert.Equal(3, ImageFile.Load(result.ToJpeg()).Channels);
    }

    [Fact]
    public void An_eight_bit_composite_has_no_sixteen_bit_result()
    {
        using var folder = new TemporaryFolder();
        var (compositePath, maskPath) = TestPictures.WritePairIn(folder.Path, Width, Height);
        using var harmonizer = Harmonizer.Load();

        Assert.Null(harmonizer.Harmonize(compositePath, maskPath).SixteenBitImage);
    }

    [Fact]
    public void An_rgba_composite_keeps_its_alpha()
    {
        var rgb = TestPictures.Composite(Width, Height);
        var rgba = new Image(Width, Height, 4);
        for (int p = 0; p < Width * Height; p++)
        {
            for (int c = 0; c < 3; c++) rgba.Pixels[4 * p + c] = rgb.Pixels[3 * p + c];
            rgba.Pixels[4 * p + 3] = (byte)(p % 251);
        }
        using var harmonizer = Harmonizer.Load();

        var result = harmonizer.Harmonize(ImageFile.Encode(rgba, ImageFileFormat.Png), ImageFile.Encode(TestPictures.Mask(Width, Height), ImageFileFormat.Png)).Image;

        Assert.Equal(4, result.Channels);
        for (int p = 0; p < Width * Height; p++) Assert.Equal(rgba.Pixels[4 * p + 3], result.Pixels[4 * p + 3]);
        var rgbResult = harmonizer.Harmonize(rgb, Mask.FromImage(TestPictures.Mask(Width, Height))).Image;
        for (int p = 0; p < Width * Height; p++)
            for (int c = 0; c < 3; c++) Assert.Equal(rgbResult.Pixels[3 * p + c], result.Pixels[4 * p + c]);
    }
}
