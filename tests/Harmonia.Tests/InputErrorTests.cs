using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Tests;

public class InputErrorTests
{
    private static readonly byte[] NotAnImage = "this is not a picture"u8.ToArray();

    [Fact]
    public void A_composite_that_is_not_an_image_names_the_composite_file()
    {
        using var folder = new TemporaryFolder();
        var (_, mask) = TestPictures.WritePairIn(folder.Path);
        var composite = folder.File("photo.jpg");
        File.WriteAllBytes(composite, NotAnImage);
        using var harmonizer = Harmonizer.Load("reinhard");

        var error = Assert.Throws<InvalidImageException>(() => harmonizer.Harmonize(composite, mask));
        Assert.Equal(ImageRole.Composite, error.Role);
        Assert.Equal(composite, error.Source);
        Assert.StartsWith($"the composite {composite}: ", error.Message);
        Assert.Contains("Unknown image format", error.Problem);
    }

    [Fact]
    public void A_mask_that_is_not_an_image_names_the_mask_file()
    {
        using var folder = new TemporaryFolder();
        var (composite, _) = TestPictures.WritePairIn(folder.Path);
        var mask = folder.File("mask.png");
        File.WriteAllBytes(mask, []);
        using var harmonizer = Harmonizer.Load("reinhard");

        var error = Assert.Throws<InvalidImageException>(() => harmonizer.Harmonize(composite, mask));
        Assert.Equal(ImageRole.Mask, error.Role);
        Assert.Equal(mask, error.Source);
        Assert.Contains("empty", error.Problem);
    }

    /// <summary>The composite and the mask swapped: the photo is refused as a mask, naming it.</summary>
    [Fact]
    public void A_colour_picture_given_as_the_mask_is_refused_naming_the_mask_file()
    {
        using var folder = new TemporaryFolder();
        var (composite, mask) = TestPictures.WritePairIn(folder.Path);
        using var harmonizer = Harmonizer.Load("reinhard");

        var error = Assert.Throws<InvalidImageException>(() => harmonizer.Harmonize(mask, composite));
        Assert.Equal(ImageRole.Mask, error.Role);
        Assert.Equal(composite, error.Source);
        Assert.Contains("colour picture", error.Problem);
        Assert.Contains("other way round", error.Problem);
    }

    [Fact]
    public void A_truncated_png_in_memory_is_reported_against_its_role()
    {
        var png = ImageFile.Encode(TestPictures.Composite(32, 32), ImageFileFormat.Png);
        var maskPng = ImageFile.Encode(TestPictures.Mask(32, 32), ImageFileFormat.Png);
        using var harmonizer = Harmonizer.Load("reinhard");

        var error = Assert.Throws<InvalidImageException>(() => harmonizer.Harmonize(png, maskPng[..(maskPng.Length / 2)]));
        Assert.Equal(ImageRole.Mask, error.Role);
        Assert.Equal("(bytes)", error.Source);

        using var badStream = new MemoryStream(NotAnImage);
        using var maskStream = new MemoryStream(maskPng);
        var streamError = Assert.Throws<InvalidImageException>(() => harmonizer.Harmonize(badStream, maskStream));
        Assert.Equal(ImageRole.Composite, streamError.Role);
        Assert.Equal("(stream)", streamError.Source);
    }

    [Fact]
    public void A_missing_file_is_file_not_found_with_its_path()
    {
        using var folder = new TemporaryFolder();
        var (composite, _) = TestPictures.WritePairIn(folder.Path);
        var missing = folder.File("no-such-mask.png");
        using var harmonizer = Harmonizer.Load("reinhard");

        var error = Assert.Throws<FileNotFoundException>(() => harmonizer.Harmonize(composite, missing));
        Assert.Equal(missing, error.FileName);
        Assert.Contains("mask", error.Message);
    }

    [Fact]
    public void A_mask_of_another_size_is_refused_with_both_sizes()
    {
        using var folder = new TemporaryFolder();
        var composite = folder.File("c.png");
        var mask = folder.File("m.png");
        ImageFile.Save(composite, TestPictures.Composite(48, 40));
        ImageFile.Save(mask, TestPictures.Mask(40, 48));
        using var harmonizer = Harmonizer.Load();

        var error = Assert.Throws<InvalidImageException>(() => harmonizer.Harmonize(composite, mask));
        Assert.Equal(ImageRole.Mask, error.Role);
        Assert.Equal(mask, error.Source);
        Assert.Contains("40x48", error.Message);
        Assert.Contains("48x40", error.Message);
        Assert.Contains(composite, error.Message);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(0)]
    [InlineData(-8)]
    public void A_working_size_that_is_not_a_positive_multiple_of_8_is_an_argument_error(int size)
    {
        using var harmonizer = Harmonizer.Load();
        var error = Assert.Throws<ArgumentException>(() =>
            harmonizer.Harmonize(TestPictures.Composite(16, 16), Mask.FromImage(TestPictures.Mask(16, 16)), new HarmonizeOptions { WorkingSize = size }));
        Assert.Contains("multiple of 8", error.Message);
        Assert.Contains(size.ToString(), error.Message);
    }

    [Fact]
    public void The_native_size_on_sides_that_are_not_multiples_of_8_points_to_the_working_size_option()
    {
        using var harmonizer = Harmonizer.Load();
        var error = Assert.Throws<ArgumentException>(() =>
            harmonizer.Harmonize(TestPictures.Composite(36, 30), Mask.FromImage(TestPictures.Mask(36, 30)), new HarmonizeOptions { NativeSize = true }));
        Assert.Contains("36×30", error.Message);
        Assert.Contains("HarmonizeOptions.WorkingSize", error.Message);
        Assert.DoesNotContain("--size", error.Message);
    }
}
