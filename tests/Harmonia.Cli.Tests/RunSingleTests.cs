using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Cli.Tests;

public class RunSingleTests
{
    private static readonly string HdnetLiteWeights = TestData.Fixture("hdnet-ngf8", "weights.safetensors");

    private static int CountDifferingPixels(Image a, Image b, Func<int, int, bool> where)
    {
        var count = 0;
        for (var y = 0; y < a.Height; y++)
            for (var x = 0; x < a.Width; x++)
                if (where(x, y) && Enumerable.Range(0, 3).Any(c => a.Pixels[(y * a.Width + x) * 3 + c] != b.Pixels[(y * b.Width + x) * 3 + c]))
                    count++;
        return count;
    }

    [Fact]
    public void Reinhard_on_a_png_changes_the_foreground_and_keeps_the_background()
    {
        using var folder = new TemporaryFolder();
        var (composite, mask) = TestPictures.WritePair(folder.File("c.png"), folder.File("m.png"), 40, 32);

        var result = CliHarness.Run("run", "--composite", composite, "--mask", mask, "--out", folder.File("o.png"), "--model", "reinhard");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var input = ImageFile.Load(composite);
        var output = ImageFile.Load(folder.File("o.png"));
        Assert.Equal((40, 32, 3), (output.Width, output.Height, output.Channels));
        Assert.Equal(0, CountDifferingPixels(input, output, (x, y) => !TestPictures.InForeground(x, y, 40, 32)));
        Assert.True(CountDifferingPixels(input, output, (x, y) => TestPictures.InForeground(x, y, 40, 32)) > 300);
    }

    [Fact]
    public void Composite_baseline_at_native_size_reproduces_a_jpeg_input_exactly()
    {
        using var folder = new TemporaryFolder();
        var (composite, mask) = TestPictures.WritePair(folder.File("c.jpg"), folder.File("m.png"), 48, 40);

        var result = CliHarness.Run("run", "--composite", composite, "--mask", mask, "--out", folder.File("o.png"), "--model", "composite", "--size", "native");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var decoded = ImageFile.Load(composite);
        var output = ImageFile.Load(folder.File("o.png"));
        Assert.Equal(decoded.Pixels, output.Pixels);
    }

    [Fact]
    public void Output_format_follows_the_extension()
    {
        using var folder = new TemporaryFolder();
        var (composite, mask) = TestPictures.WritePair(folder.File("c.png"), folder.File("m.png"), 32, 24);

        var result = CliHarness.Run("run", "--composite", composite, "--mask", mask, "--out", folder.File("o.JPG"), "--model", "reinhard");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var bytes = File.ReadAllBytes(folder.File("o.JPG"));
        Assert.Equal(ImageFileFormat.Jpeg, ImageFile.DetectFormat(bytes));
        var output = ImageFile.Load(bytes);
        Assert.Equal((32, 24), (output.Width, output.Height));
    }

    [Fact]
    public void Working_size_runs_small_and_keeps_the_full_resolution_background()
    {
        using var folder = new TemporaryFolder();
        var (composite, mask) = TestPictures.WritePair(folder.File("c.png"), folder.File("m.png"), 100, 60);

        var result = CliHarness.Run("run", "--composite", composite, "--mask", mask, "--out", folder.File("o.png"), "--model", "reinhard", "--size", "16");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var input = ImageFile.Load(composite);
        var output = ImageFile.Load(folder.File("o.png"));
        Assert.Equal((100, 60), (output.Width, output.Height));
        Assert.Equal(0, CountDifferingPixels(input, output, (x, y) => !TestPictures.InForeground(x, y, 100, 60)));
        Assert.True(CountDifferingPixels(input, output, (x, y) => TestPictures.InForeground(x, y, 100, 60)) > 1000);
    }

    [Fact]
    public void Network_weights_run_at_the_default_size_and_at_a_given_size()
    {
        using var folder = new TemporaryFolder();
        var (composite, mask) = TestPictures.WritePair(folder.File("c.png"), folder.File("m.png"), 60, 44);

        var byDefault = CliHarness.Run("run", "--composite", composite, "--mask", mask, "--out", folder.File("default.png"), "--model", "hdnet-lite", "--weights", HdnetLiteWeights);
        var at64 = CliHarness.Run("run", "--composite", composite, "--mask", mask, "--out", folder.File("64.png"), "--model", "hdnet-lite", "--weights", HdnetLiteWeights, "--size", "64");

        Assert.Equal(ExitCodes.Success, byDefault.ExitCode);
        Assert.Equal(ExitCodes.Success, at64.ExitCode);
        var input = ImageFile.Load(composite);
        foreach (var name in new[] { "default.png", "64.png" })
        {
            var output = ImageFile.Load(folder.File(name));
            Assert.Equal((60, 44), (output.Width, output.Height));
            Assert.Equal(0, CountDifferingPixels(input, output, (x, y) => !TestPictures.InForeground(x, y, 60, 44)));
            Assert.True(CountDifferingPixels(input, output, (x, y) => TestPictures.InForeground(x, y, 60, 44)) > 100);
        }
        // 256 (the default) and 64 are different working sizes, so the predictions differ.
        Assert.NotEqual(ImageFile.Load(folder.File("default.png")).Pixels, ImageFile.Load(folder.File("64.png")).Pixels);
    }

    [Fact]
    public void A_pytorch_checkpoint_runs_with_a_config_file()
    {
        using var folder = new TemporaryFolder();
        var (composite, mask) = TestPictures.WritePair(folder.File("c.png"), folder.File("m.png"), 32, 32);
        File.WriteAllText(folder.File("cfg.json"), """{"architecture":"hdnet","ngf":8}""");

        var result = CliHarness.Run("run", "--composite", composite, "--mask", mask, "--out", folder.File("o.png"),
            "--config", folder.File("cfg.json"), "--weights", TestData.Fixture("hdnet-ngf8", "weights.pth"), "--size", "native");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.True(File.Exists(folder.File("o.png")));
    }

    [Fact]
    public void Native_size_that_is_not_a_multiple_of_8_is_a_clear_error()
    {
        using var folder = new TemporaryFolder();
        var (composite, mask) = TestPictures.WritePair(folder.File("c.png"), folder.File("m.png"), 30, 20);

        var result = CliHarness.Run("run", "--composite", composite, "--mask", mask, "--out", folder.File("o.png"), "--weights", HdnetLiteWeights, "--size", "native");

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"error: run: {composite}: ", line);
        Assert.Contains("multiples of 8", line);
        Assert.Contains("30×20", line);
        Assert.False(File.Exists(folder.File("o.png")));
    }

    [Fact]
    public void Missing_mask_is_one_line_naming_it_and_writes_nothing()
    {
        using var folder = new TemporaryFolder();
        var (composite, _) = TestPictures.WritePair(folder.File("c.png"), folder.File("m.png"), 16, 16);
        var missing = folder.File("no-such-mask.png");

        var result = CliHarness.Run("run", "--composite", composite, "--mask", missing, "--out", folder.File("o.png"), "--model", "reinhard");

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.Equal([$"error: run: {missing}: file not found"], result.ErrorLines);
        Assert.Empty(Directory.GetFiles(folder.Path, "o.png*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(folder.Path, ".o.png*"));
    }

    [Fact]
    public void Mask_of_another_size_is_refused_naming_both_files_unless_resizing_is_asked_for()
    {
        using var folder = new TemporaryFolder();
        var (composite, _) = TestPictures.WritePair(folder.File("c.png"), folder.File("m.png"), 40, 40);
        ImageFile.Save(folder.File("small.png"), TestPictures.Mask(20, 20));

        var refused = CliHarness.Run("run", "--composite", composite, "--mask", folder.File("small.png"), "--out", folder.File("o.png"), "--model", "reinhard");
        var resized = CliHarness.Run("run", "--composite", composite, "--mask", folder.File("small.png"), "--out", folder.File("o.png"), "--model", "reinhard", "--resize-mask");

        Assert.Equal(ExitCodes.RuntimeError, refused.ExitCode);
        var line = Assert.Single(refused.ErrorLines);
        Assert.Contains(folder.File("small.png"), line);
        Assert.Contains(composite, line);
        Assert.Contains("20x20", line);
        Assert.Contains("--resize-mask", line);
        Assert.Equal(ExitCodes.Success, resized.ExitCode);
        Assert.Equal(40, ImageFile.Load(folder.File("o.png")).Width);
    }

    [Fact]
    public void A_file_that_is_not_an_image_is_named_in_the_error()
    {
        using var folder = new TemporaryFolder();
        var (_, mask) = TestPictures.WritePair(folder.File("c.png"), folder.File("m.png"), 16, 16);
        File.WriteAllText(folder.File("notes.png"), "these are notes, not pixels");

        var result = CliHarness.Run("run", "--composite", folder.File("notes.png"), "--mask", mask, "--out", folder.File("o.png"), "--model", "reinhard");

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(folder.File("notes.png"), line);
        Assert.Contains("PNG and JPEG", line);
        Assert.False(File.Exists(folder.File("o.png")));
    }

    [Fact]
    public void Existing_output_is_kept_unless_overwrite_is_given()
    {
        using var folder = new TemporaryFolder();
        var (composite, mask) = TestPictures.WritePair(folder.File("c.png"), folder.File("m.png"), 16, 16);
        File.WriteAllText(folder.File("o.png"), "precious");

        var refused = CliHarness.Run("run", "--composite", composite, "--mask", mask, "--out", folder.File("o.png"), "--model", "reinhard");

        Assert.Equal(ExitCodes.RuntimeError, refused.ExitCode);
        Assert.Equal([$"error: run: {folder.File("o.png")}: exists; pass --overwrite to replace it"], refused.ErrorLines);
        Assert.Equal("precious", File.ReadAllText(folder.File("o.png")));

        var replaced = CliHarness.Run("run", "--composite", composite, "--mask", mask, "--out", folder.File("o.png"), "--model", "reinhard", "--overwrite");

        Assert.Equal(ExitCodes.Success, replaced.ExitCode);
        Assert.Equal(16, ImageFile.Load(folder.File("o.png")).Width);
    }

    [Theory]
    [InlineData("o.bmp")]
    [InlineData("o")]
    public void Output_without_an_image_extension_is_a_usage_error(string output)
    {
        var result = CliHarness.Run("run", "--composite", "c.png", "--mask", "m.png", "--out", output, "--model", "reinhard");

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains(result.ErrorLines, line => line.Contains("must end in .png, .jpg or .jpeg"));
    }

    [Fact]
    public void Unknown_model_name_is_a_usage_error()
    {
        var result = CliHarness.Run("run", "--composite", "c.png", "--mask", "m.png", "--out", "o.png", "--model", "hdnet-huge");

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains("hdnet-huge", result.Error);
    }

    [Fact]
    public void A_bad_config_file_is_named_in_the_error()
    {
        using var folder = new TemporaryFolder();
        var (composite, mask) = TestPictures.WritePair(folder.File("c.png"), folder.File("m.png"), 16, 16);
        File.WriteAllText(folder.File("cfg.json"), """{"architecture":"unet"}""");

        var result = CliHarness.Run("run", "--composite", composite, "--mask", mask, "--out", folder.File("o.png"), "--config", folder.File("cfg.json"), "--weights", HdnetLiteWeights);

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"error: run: {folder.File("cfg.json")}: ", line);
        Assert.Contains("unet", line);
    }

    [Fact]
    public void A_folder_as_composite_is_named_as_a_folder_not_a_permission_problem()
    {
        using var folder = new TemporaryFolder();
        var (_, mask) = TestPictures.WritePair(folder.File("c.png"), folder.File("m.png"), 16, 16);

        var result = CliHarness.Run("run", "--composite", folder.Path, "--mask", mask, "--out", folder.File("o.png"), "--model", "reinhard");

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.Equal([$"error: run: {folder.Path}: is a folder; the composite must be an image file (for a folder of composites use --input DIR)"], result.ErrorLines);
        Assert.False(File.Exists(folder.File("o.png")));
    }

    [Fact]
    public void An_rgba_png_keeps_its_alpha_and_a_jpeg_output_drops_it()
    {
        using var folder = new TemporaryFolder();
        var rgb = TestPictures.Composite(32, 24);
        var rgba = new Image(32, 24, 4);
        for (var i = 0; i < 32 * 24; i++)
        {
            rgb.Pixels.AsSpan(3 * i, 3).CopyTo(rgba.Pixels.AsSpan(4 * i, 3));
            rgba.Pixels[4 * i + 3] = (byte)(i % 3 == 0 ? 0 : 200); // hidden pixels must stay hidden
        }
        ImageFile.Save(folder.File("c.png"), rgba);
        ImageFile.Save(folder.File("m.png"), TestPictures.Mask(32, 24));

        var png = CliHarness.Run("run", "--composite", folder.File("c.png"), "--mask", folder.File("m.png"), "--out", folder.File("o.png"), "--model", "reinhard");
        var jpeg = CliHarness.Run("run", "--composite", folder.File("c.png"), "--mask", folder.File("m.png"), "--out", folder.File("o.jpg"), "--model", "reinhard");

        Assert.Equal(ExitCodes.Success, png.ExitCode);
        var output = ImageFile.Load(folder.File("o.png"));
        Assert.Equal(4, output.Channels);
        for (var i = 0; i < 32 * 24; i++)
            Assert.Equal(rgba.Pixels[4 * i + 3], output.Pixels[4 * i + 3]);
        Assert.True(CountDifferingPixels(ChannelConversion.ToRgb(rgba), ChannelConversion.ToRgb(output), (x, y) => TestPictures.InForeground(x, y, 32, 24)) > 100);
        Assert.Equal(ExitCodes.Success, jpeg.ExitCode);
        Assert.Equal(3, ImageFile.Load(folder.File("o.jpg")).Channels);
    }

    [Fact]
    public void A_grey_jpeg_gives_a_grey_result()
    {
        using var folder = new TemporaryFolder();
        ImageFile.Save(folder.File("c.jpg"), ChannelConversion.ToGrey(TestPictures.Composite(32, 24)));
        ImageFile.Save(folder.File("m.png"), TestPictures.Mask(32, 24));

        var result = CliHarness.Run("run", "--composite", folder.File("c.jpg"), "--mask", folder.File("m.png"), "--out", folder.File("o.jpg"), "--weights", HdnetLiteWeights, "--size", "native");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(1, ImageFile.Load(folder.File("o.jpg")).Channels);
    }

    [Fact]
    public void A_soft_mask_blends_the_change_with_its_grey_levels()
    {
        using var folder = new TemporaryFolder();
        var (composite, hardMask) = TestPictures.WritePair(folder.File("c.png"), folder.File("hard.png"), 32, 24);
        // The same rectangle with its right half at 60% coverage: still foreground for the network.
        var soft = TestPictures.Mask(32, 24);
        for (var y = 0; y < 24; y++)
            for (var x = 16; x < 32; x++)
                if (soft.Pixels[y * 32 + x] == 255)
                    soft.Pixels[y * 32 + x] = 153;
        ImageFile.Save(folder.File("soft.png"), soft);

        var hard = CliHarness.Run("run", "--composite", composite, "--mask", hardMask, "--out", folder.File("hard-out.png"), "--model", "reinhard");
        var feathered = CliHarness.Run("run", "--composite", composite, "--mask", folder.File("soft.png"), "--out", folder.File("soft-out.png"), "--model", "reinhard");

        Assert.Equal(ExitCodes.Success, hard.ExitCode);
        Assert.Equal(ExitCodes.Success, feathered.ExitCode);
        var input = ImageFile.Load(composite);
        var hardOut = ImageFile.Load(folder.File("hard-out.png"));
        var softOut = ImageFile.Load(folder.File("soft-out.png"));
        for (var y = 0; y < 24; y++)
            for (var x = 0; x < 32; x++)
                for (var c = 0; c < 3; c++)
                {
                    var i = (y * 32 + x) * 3 + c;
                    int fullChange = hardOut.Pixels[i] - input.Pixels[i], softChange = softOut.Pixels[i] - input.Pixels[i];
                    if (!TestPictures.InForeground(x, y, 32, 24) || x < 16)
                        Assert.Equal(hardOut.Pixels[i], softOut.Pixels[i]);
                    else
                        Assert.InRange(softChange, Math.Min(0.6 * fullChange - 1, 0.6 * fullChange + 1), Math.Max(0.6 * fullChange - 1, 0.6 * fullChange + 1));
                }
        Assert.NotEqual(hardOut.Pixels, softOut.Pixels);
    }

    [Fact]
    public void A_16_bit_png_gives_a_16_bit_png_whose_background_keeps_every_bit()
    {
        using var folder = new TemporaryFolder();
        var eightBit = TestPictures.Composite(32, 24);
        // Low bits that an 8-bit round trip would lose.
        var deep = new Image16(32, 24, 3, eightBit.Pixels.Select((value, i) => (ushort)(value * 256 + i % 200)).ToArray());
        File.WriteAllBytes(folder.File("c.png"), ImageFile.Encode(deep, ImageFileFormat.Png));
        ImageFile.Save(folder.File("m.png"), TestPictures.Mask(32, 24));

        var png = CliHarness.Run("run", "--composite", folder.File("c.png"), "--mask", folder.File("m.png"), "--out", folder.File("o.png"), "--model", "reinhard");
        var jpeg = CliHarness.Run("run", "--composite", folder.File("c.png"), "--mask", folder.File("m.png"), "--out", folder.File("o.jpg"), "--model", "reinhard");

        Assert.Equal(ExitCodes.Success, png.ExitCode);
        var output = ImageFile.LoadSixteenBit(File.ReadAllBytes(folder.File("o.png")));
        Assert.NotNull(output);
        int changed = 0;
        for (var y = 0; y < 24; y++)
            for (var x = 0; x < 32; x++)
                for (var c = 0; c < 3; c++)
                {
                    var i = (y * 32 + x) * 3 + c;
                    if (!TestPictures.InForeground(x, y, 32, 24))
                        Assert.Equal(deep.Samples[i], output.Samples[i]);
                    else if (deep.Samples[i] != output.Samples[i])
                        changed++;
                }
        Assert.True(changed > 300);
        Assert.Equal(ExitCodes.Success, jpeg.ExitCode);
        Assert.Equal(ImageFileFormat.Jpeg, ImageFile.DetectFormat(File.ReadAllBytes(folder.File("o.jpg"))));
    }
}
