using Harmonia.Imaging.Files;
using Harmonia.Imaging.Png;

namespace Harmonia.Imaging.Tests;

public sealed class ImageFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("harmonia-imagefile-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string PathIn(string name) => Path.Combine(directory, name);

    [Fact]
    public void Save_then_load_round_trips_png()
    {
        var image = TestImages.GradientWithNoise(17, 9, 4);
        string path = PathIn("out.png");

        ImageFile.Save(path, image);
        var loaded = ImageFile.Load(path);

        Assert.Equal(image.Pixels, loaded.Pixels);
        Assert.Equal(4, loaded.Channels);
    }

    [Fact]
    public void Extension_is_case_insensitive()
    {
        string path = PathIn("UPPER.PNG");
        ImageFile.Save(path, new Image(2, 2, 1));
        Assert.Equal(ImageFileFormat.Png, ImageFile.DetectFormat(File.ReadAllBytes(path)));
    }

    [Fact]
    public void Load_sniffs_the_format_from_content_not_the_extension()
    {
        string path = PathIn("actually-a-png.jpg");
        File.WriteAllBytes(path, PngEncoder.Encode(new Image(3, 1, 3)));
        Assert.Equal(3, ImageFile.Load(path).Width);
    }

    [Fact]
    public void Loads_from_bytes_and_streams()
    {
        var image = TestImages.GradientWithNoise(5, 4, 3);
        byte[] png = PngEncoder.Encode(image);
        Assert.Equal(image.Pixels, ImageFile.Load(png).Pixels);
        Assert.Equal(image.Pixels, ImageFile.Load(new MemoryStream(png)).Pixels);
    }

    [Fact]
    public void Load_errors_name_the_file_and_keep_the_codec_error()
    {
        string path = PathIn("broken.png");
        byte[] png = PngEncoder.Encode(new Image(4, 4, 3));
        File.WriteAllBytes(path, png[..^20]);

        var e = Assert.Throws<ImageFormatException>(() => ImageFile.Load(path));

        Assert.StartsWith(path + ":", e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.IsType<ImageFormatException>(e.InnerException);
    }

    [Fact]
    public void Unknown_content_is_refused_with_its_first_bytes()
    {
        string path = PathIn("text.png");
        File.WriteAllText(path, "hello, not an image");
        var e = Assert.Throws<ImageFormatException>(() => ImageFile.Load(path));
        Assert.StartsWith(path + ":", e.Message);
        Assert.Contains("Unknown image format", e.Message);
        Assert.Contains("68656C6C6F", e.Message); // "hello"
    }

    [Fact]
    public void Empty_file_is_refused() =>
        Assert.Contains("empty", Assert.Throws<ImageFormatException>(() => ImageFile.Load(Array.Empty<byte>())).Message);

    [Fact]
    public void Jpeg_content_is_detected()
    {
        // A JPEG SOI marker followed by an APP0 marker start.
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        Assert.Equal(ImageFileFormat.Jpeg, ImageFile.DetectFormat(jpeg));
        Assert.Null(ImageFile.DetectFormat([0xFF, 0xD8]));
        Assert.Equal(ImageFileFormat.Png, ImageFile.DetectFormat(PngEncoder.Encode(new Image(1, 1, 1))));
    }

    [Theory]
    [InlineData("a.png", ImageFileFormat.Png)]
    [InlineData("dir.x/a.JPG", ImageFileFormat.Jpeg)]
    [InlineData("a.jpeg", ImageFileFormat.Jpeg)]
    public void Format_from_extension(string path, ImageFileFormat expected) =>
        Assert.Equal(expected, ImageFile.FormatFromExtension(path));

    [Fact]
    public void Unsupported_extension_names_the_file_and_writes_nothing()
    {
        string path = PathIn("picture.bmp");
        var e = Assert.Throws<ImageFormatException>(() => ImageFile.Save(path, new Image(2, 2, 3)));
        Assert.StartsWith(path + ":", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(directory));
    }

    [Fact]
    public void Save_replaces_an_existing_file_and_leaves_no_temporary_files()
    {
        string path = PathIn("result.png");
        ImageFile.Save(path, new Image(3, 3, 1));
        ImageFile.Save(path, TestImages.GradientWithNoise(8, 6, 3));

        Assert.Equal(8, ImageFile.Load(path).Width);
        Assert.Equal([path], Directory.GetFileSystemEntries(directory));
    }

    [Fact]
    public void Failed_encoding_does_not_touch_the_existing_file()
    {
        // An out-of-range JPEG quality makes the encoder refuse before any file is touched.
        string path = PathIn("keep.jpg");
        File.WriteAllBytes(path, [1, 2, 3]);

        Assert.ThrowsAny<ArgumentException>(() => ImageFile.Save(path, new Image(2, 2, 3), jpegQuality: 0));

        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(directory));
    }

    [Fact]
    public void Save_into_a_missing_directory_names_the_file()
    {
        string path = Path.Combine(directory, "no-such-dir", "x.png");
        var e = Assert.Throws<DirectoryNotFoundException>(() => ImageFile.Save(path, new Image(1, 1, 1)));
        Assert.Contains(path, e.Message);
    }
}
