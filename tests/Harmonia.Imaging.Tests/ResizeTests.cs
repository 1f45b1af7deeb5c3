using System.Text.Json;
using Harmonia.Imaging.Files;
using Harmonia.Tensors;

namespace Harmonia.Imaging.Tests;

/// <summary>
/// Compares <see cref="ImageResizer"/> and <see cref="PlaneResizer"/> with reference outputs from
/// Pillow and PyTorch (tests/data/imaging/resize, made by make_resize_fixtures.py).
/// </summary>
public class ResizeTests
{
    public sealed record Case(string Kind, string Source, string Output, int Width, int Height, string Filter, bool Antialias, string Reference)
    {
        public override string ToString() => Output;
    }

    private sealed record Manifest(int SourceWidth, int SourceHeight, int FloatPlanes, Case[] Cases);

    private static readonly Manifest References = JsonSerializer.Deserialize<Manifest>(
        File.ReadAllText(TestDataPaths.Get("resize", "manifest.json")),
        new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    public static TheoryData<string> CasesOfKind(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var c in References.Cases.Where(c => c.Kind == kind)) data.Add(c.Output);
        return data;
    }

    private static ResamplingFilter FilterNamed(string name) => name switch
    {
        "nearest" => ResamplingFilter.Nearest,
        "bilinear" => ResamplingFilter.Bilinear,
        "bicubic" => ResamplingFilter.Bicubic,
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(CasesOfKind), "image")]
    public void Matches_pillow_within_one_level(string output)
    {
        var c = References.Cases.Single(x => x.Output == output);
        var source = ImageFile.Load(TestDataPaths.Get("resize", c.Source));
        var expected = ImageFile.Load(TestDataPaths.Get("resize", c.Output));

        var actual = ImageResizer.Resize(source, c.Width, c.Height, FilterNamed(c.Filter));

        Assert.Equal((expected.Width, expected.Height, expected.Channels), (actual.Width, actual.Height, actual.Channels));
        int worst = 0, worstAt = -1;
        for (int i = 0; i < expected.Pixels.Length; i++)
        {
            int difference = Math.Abs(expected.Pixels[i] - actual.Pixels[i]);
            if (difference > worst) (worst, worstAt) = (difference, i);
        }
        Assert.True(worst <= 1, $"{output}: differs from Pillow by {worst} at byte {worstAt}");
        if (c.Filter == "nearest") Assert.Equal(expected.Pixels, actual.Pixels); // pure copying has no rounding to excuse
    }

    [Theory]
    [MemberData(nameof(CasesOfKind), "float")]
    public void Float_planes_match_the_reference(string output)
    {
        var c = References.Cases.Single(x => x.Output == output);
        float[] source = ReadFloats(c.Source);
        float[] expected = ReadFloats(c.Output);
        int planes = References.FloatPlanes;

        float[] actual = PlaneResizer.Resize(source, planes, References.SourceHeight, References.SourceWidth,
            c.Height, c.Width, FilterNamed(c.Filter), c.Antialias);

        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (1 + Math.Abs(expected[i])),
                $"{output}: value {i} is {actual[i]}, reference {expected[i]}");
    }

    [Fact]
    public void Tensor_overload_resizes_the_last_two_dimensions()
    {
        float[] source = ReadFloats("src-float.f32");
        var tensor = Tensor.FromArray(source, 1, References.FloatPlanes, References.SourceHeight, References.SourceWidth);

        var resized = PlaneResizer.Resize(tensor, 11, 13, ResamplingFilter.Bicubic);

        Assert.Equal([1, References.FloatPlanes, 11, 13], resized.Shape);
        Assert.Equal(ReadFloats("float-pillow-bicubic-13x11.f32"), resized.Data, (a, b) => Math.Abs(a - b) <= 1e-5f * (1 + Math.Abs(b)));
    }

    [Fact]
    public void Same_size_returns_an_equal_copy()
    {
        var image = TestImages.GradientWithNoise(9, 7, 3);
        foreach (var filter in Enum.GetValues<ResamplingFilter>())
        {
            var copy = ImageResizer.Resize(image, 9, 7, filter);
            Assert.Equal(image.Pixels, copy.Pixels);
            Assert.NotSame(image.Pixels, copy.Pixels);
        }
    }

    [Fact]
    public void Constant_image_stays_constant_under_every_filter()
    {
        var image = new Image(10, 6, 3, Enumerable.Repeat((byte)173, 180).ToArray());
        foreach (var filter in Enum.GetValues<ResamplingFilter>())
            Assert.All(ImageResizer.Resize(image, 23, 4, filter).Pixels, p => Assert.Equal(173, p));
    }

    [Fact]
    public void Invalid_target_size_is_refused()
    {
        var image = new Image(4, 4, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageResizer.Resize(image, 0, 4, ResamplingFilter.Bilinear));
        Assert.Throws<ArgumentException>(() => PlaneResizer.Resize(new float[10], 1, 4, 4, 2, 2, ResamplingFilter.Bilinear));
    }

    private static float[] ReadFloats(string name)
    {
        byte[] bytes = File.ReadAllBytes(TestDataPaths.Get("resize", name));
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++)
            values[i] = BitConverter.ToSingle(bytes, 4 * i); // little-endian, as written by the script
        return values;
    }
}
