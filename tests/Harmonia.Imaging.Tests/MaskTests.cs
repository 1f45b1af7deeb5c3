using Harmonia.Imaging.Files;
using Harmonia.Imaging.Png;

namespace Harmonia.Imaging.Tests;

public sealed class MaskTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("harmonia-mask-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string name, Image image)
    {
        string path = Path.Combine(directory, name);
        ImageFile.Save(path, image);
        return path;
    }

    [Fact]
    public void Grey_mask_is_binarized_above_one_half()
    {
        var mask = MaskLoader.Load(Write("m.png", new Image(5, 1, 1, [0, 127, 128, 200, 255])));
        Assert.Equal([0f, 0f, 1f, 1f, 1f], mask.Values);
        Assert.Equal(3, mask.ForegroundPixelCount);
        Assert.False(mask.IsEmpty);
    }

    [Fact]
    public void Rgb_is_converted_with_pillow_luma_before_thresholding()
    {
        // Pillow's convert("L"): red → 76, green → 150, blue → 29, (128,128,128) → 128.
        var rgb = new Image(4, 1, 3, [255, 0, 0, 0, 255, 0, 0, 0, 255, 128, 128, 128]);
        Assert.Equal([76, 150, 29, 128], ChannelConversion.ToGrey(rgb).Pixels);

        // As a mask file: a mask may hold a few coloured pixels (here 2 of 200, 1%; more is a colour
        // picture, refused), and those are read by the same luma.
        var pixels = new byte[200 * 3];
        Array.Fill(pixels, (byte)128);
        rgb.Pixels.AsSpan(0, 6).CopyTo(pixels);
        var values = MaskLoader.Load(Write("rgb.png", new Image(200, 1, 3, pixels))).Values;
        Assert.Equal([0f, 1f, 1f], values[..3]);
        Assert.Equal(199, values.Count(v => v == 1f));
    }

    /// <summary>Loaded from a file (eval, sheet, synth and the dataset loader read masks this way), the refusal of a colour picture starts with the path.</summary>
    [Fact]
    public void A_colour_picture_loaded_as_a_mask_is_refused_naming_the_file()
    {
        var pixels = new byte[10 * 10 * 3];
        for (int i = 0; i < pixels.Length; i += 3) (pixels[i], pixels[i + 1], pixels[i + 2]) = (200, 40, (byte)(i % 200));
        string path = Write("photo.png", new Image(10, 10, 3, pixels));

        var error = Assert.Throws<ImageFormatException>(() => MaskLoader.Load(path));
        Assert.StartsWith($"{path}: it is a colour picture", error.Message);
        Assert.StartsWith($"{path}: ", Assert.Throws<ImageFormatException>(() => MaskLoader.LoadLevel(path)).Message);
    }

    [Fact]
    public void All_zero_mask_is_allowed_and_detectable()
    {
        var mask = MaskLoader.Load(Write("empty.png", new Image(3, 3, 1)));
        Assert.True(mask.IsEmpty);
        Assert.Equal(0, mask.ForegroundPixelCount);
    }

    [Fact]
    public void An_rgba_mask_with_transparent_pixels_is_read_by_its_alpha_and_an_opaque_one_by_its_grey()
    {
        // A white object on a transparent background whose hidden colour is white too, and a cut-out
        // whose object is dark: both are their alpha. Fully opaque RGBA is grey, as Pillow reads it.
        var whiteOnClear = new Image(3, 1, 4, [255, 255, 255, 0, 255, 255, 255, 255, 255, 255, 255, 100]);
        var cutOut = new Image(3, 1, 4, [20, 30, 40, 255, 200, 0, 0, 0, 10, 10, 10, 200]);
        var opaque = new Image(3, 1, 4, [255, 255, 255, 255, 0, 0, 0, 255, 128, 128, 128, 255]);

        Assert.Equal([0f, 1f, 0f], MaskLoader.Load(Write("clear.png", whiteOnClear)).Values);
        Assert.Equal([1f, 0f, 1f], MaskLoader.Load(Write("cutout.png", cutOut)).Values);
        Assert.Equal([1f, 0f, 1f], MaskLoader.Load(Write("opaque.png", opaque)).Values);
        Assert.Equal([0f, 1f, 100f / 255f], MaskCoverage.FromImage(whiteOnClear).Values);
        Assert.Equal([1f, 0f, 128f / 255f], MaskCoverage.FromImage(opaque).Values);
    }

    [Fact]
    public void A_mask_without_background_is_full_and_one_background_pixel_is_enough_not_to_be()
    {
        Assert.True(MaskLoader.Load(Write("full.png", new Image(3, 2, 1, [255, 255, 255, 128, 200, 255]))).IsFull);
        var almost = MaskLoader.Load(Write("almost.png", new Image(3, 2, 1, [255, 255, 255, 127, 200, 255])));
        Assert.False(almost.IsFull);
        Assert.False(almost.IsEmpty);
        Assert.False(MaskLoader.Load(Write("none.png", new Image(3, 2, 1))).IsFull);
    }

    [Fact]
    public void Size_mismatch_names_both_files_and_sizes()
    {
        string maskPath = Write("mask.png", new Image(4, 3, 1));
        var e = Assert.Throws<ImageFormatException>(() => MaskLoader.LoadFor(maskPath, "/data/comp.jpg", 8, 6));
        Assert.Contains(maskPath, e.Message);
        Assert.Contains("/data/comp.jpg", e.Message);
        Assert.Contains("4x3", e.Message);
        Assert.Contains("8x6", e.Message);
    }

    [Fact]
    public void Size_mismatch_can_be_resolved_by_nearest_resizing()
    {
        // Left column foreground, right column background, doubled in each direction.
        string maskPath = Write("small.png", new Image(2, 2, 1, [255, 0, 255, 0]));
        var mask = MaskLoader.LoadFor(maskPath, "comp.png", 4, 4, MaskSizeMismatch.ResizeNearest);
        Assert.Equal((4, 4), (mask.Width, mask.Height));
        for (int y = 0; y < 4; y++)
            Assert.Equal([1f, 1f, 0f, 0f], mask.Values[(y * 4)..(y * 4 + 4)]);
    }

    [Fact]
    public void Matching_size_is_accepted_as_is()
    {
        string maskPath = Write("same.png", new Image(3, 2, 1, [0, 255, 0, 255, 0, 255]));
        var mask = MaskLoader.LoadFor(maskPath, "comp.png", 3, 2);
        Assert.Equal([0f, 1f, 0f, 1f, 0f, 1f], mask.Values);
        Assert.Equal([1, 1, 2, 3], mask.ToTensor().Shape);
        Assert.Equal([0, 255, 0, 255, 0, 255], mask.ToImage().Pixels);
    }

    [Fact]
    public void Grey_alpha_png_masks_load()
    {
        // A 16-bit grey+alpha file from the fixtures decodes to RGBA; it has transparent pixels, so
        // the mask is its alpha.
        var image = ImageFile.Load(TestDataPaths.Get("png", "hand-ct4-d16.png"));
        Assert.Contains(Enumerable.Range(0, image.Width * image.Height), i => image.Pixels[4 * i + 3] < 255);
        var mask = Mask.FromImage(image);
        for (int i = 0; i < mask.Values.Length; i++)
            Assert.Equal(image.Pixels[4 * i + 3] >= 128 ? 1f : 0f, mask.Values[i]);
    }

    [Fact]
    public void Unreadable_mask_names_the_file()
    {
        string path = Path.Combine(directory, "bad.png");
        File.WriteAllBytes(path, PngEncoder.Encode(new Image(2, 2, 1))[..30]);
        Assert.StartsWith(path, Assert.Throws<ImageFormatException>(() => MaskLoader.Load(path)).Message);
    }

    [Fact]
    public void Constructor_refuses_non_binary_values() =>
        Assert.Throws<ArgumentException>(() => new Mask(2, 1, [0f, 0.5f]));
}
