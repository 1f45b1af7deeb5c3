using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Tests;

public class ResultTests
{
    private static HarmonizationResult Result()
    {
        using var harmonizer = Harmonizer.Load("reinhard");
        return harmonizer.Harmonize(TestPictures.Composite(24, 16), Mask.FromImage(TestPictures.Mask(24, 16)));
    }

    [Fact]
    public void Save_writes_a_png_that_decodes_to_the_result()
    {
        using var folder = new TemporaryFolder();
        var result = Result();
        var path = folder.File("out.png");
        result.Save(path);
        var saved = ImageFile.Load(path);
        Assert.Equal((24, 16, 3), (saved.Width, saved.Height, saved.Channels));
        Assert.Equal(result.Image.Pixels, saved.Pixels);
        Assert.Equal(result.ToPng(), File.ReadAllBytes(path));
        Assert.Equal(["out.png"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Save_writes_a_jpeg_by_its_extension()
    {
        using var folder = new TemporaryFolder();
        var result = Result();
        var path = folder.File("out.JPG");
        result.Save(path, jpegQuality: 90);
        Assert.Equal(ImageFileFormat.Jpeg, ImageFile.DetectFormat(File.ReadAllBytes(path)));
        Assert.Equal(result.ToJpeg(90), File.ReadAllBytes(path));
    }

    [Fact]
    public void Save_keeps_an_existing_file_unless_told_to_overwrite()
    {
        using var folder = new TemporaryFolder();
        var result = Result();
        var path = folder.File("out.png");
        File.WriteAllText(path, "precious");

        var error = Assert.Throws<IOException>(() => result.Save(path));
        Assert.Contains(path, error.Message);
        Assert.Equal("precious", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder.Path));

        result.Save(path, overwrite: true);
        Assert.Equal(result.ToPng(), File.ReadAllBytes(path));
    }

    [Fact]
    public void Save_refuses_an_unknown_extension_and_writes_nothing()
    {
        using var folder = new TemporaryFolder();
        var error = Assert.Throws<ArgumentException>(() => Result().Save(folder.File("out.bmp")));
        Assert.Contains(".bmp", error.Message);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Save_into_a_missing_folder_names_it()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "absent", "out.png");
        Assert.Throws<DirectoryNotFoundException>(() => Result().Save(path));
    }

    [Fact]
    public void Save_to_a_stream_encodes_the_format_asked_for()
    {
        var result = Result();
        using var stream = new MemoryStream();
        result.Save(stream, ImageFileFormat.Png);
        Assert.Equal(result.ToPng(), stream.ToArray());
    }

    [Fact]
    public void An_out_of_range_jpeg_quality_is_an_argument_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Result().ToJpeg(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Result().ToJpeg(101));
    }
}
