using System.Text;
using Harmonia.Cli.Errors;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Cli.Tests;

/// <summary>
/// Files made to attack the command line (issue 13): each must end in one escaped error line and
/// exit code 1, or, when the file is valid, in a result; never in "internal error".
/// </summary>
public class HostileInputTests
{
    private static void AssertNoControlCharactersBut(string text, params char[] allowed)
    {
        foreach (char c in text)
            Assert.False(char.IsControl(c) && !allowed.Contains(c), $"control character U+{(int)c:X4} reached the terminal in: {text}");
    }

    [Fact]
    public void Escape_writes_control_characters_visibly_and_keeps_everything_else()
    {
        Assert.Equal(@"\x1B]0;owned\x07 \x1B[31mRED é ✓", TerminalText.Escape("\u001b]0;owned\u0007 \u001b[31mRED é ✓"));
        Assert.Equal(@"a\x7Fb\x9Bc\x00", TerminalText.Escape("a\u007fb\u009bc\0"));
        Assert.Equal("plain/path name.png", TerminalText.Escape("plain/path name.png"));
    }

    [Fact]
    public void Error_line_escapes_control_characters_quoted_from_input()
    {
        var line = ErrorLine.FromException(new ImageFormatException("bad name '\u001b]0;owned\u0007'"), "run\u001b[2J").ToString();

        Assert.Equal(@"error: run\x1B[2J: bad name '\x1B]0;owned\x07'", line);
    }

    [Theory]
    [InlineData("escape_in_tensor_name.safetensors")]
    [InlineData("escape_in_byteorder.pth")]
    public void Checkpoint_bytes_with_terminal_escapes_are_printed_escaped(string file)
    {
        using var folder = new TemporaryFolder();

        var result = CliHarness.Run("convert", TestData.Hostile(file), folder.File("out.safetensors"));

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.Single(result.ErrorLines);
        AssertNoControlCharactersBut(result.Error, '\n');
        Assert.Contains(@"\x1B", result.Error);
        Assert.False(File.Exists(folder.File("out.safetensors")));
    }

    [Fact]
    public void Safetensors_name_with_a_lone_surrogate_is_a_format_error_not_an_internal_error()
    {
        using var folder = new TemporaryFolder();
        var header = Encoding.ASCII.GetBytes("""{"\ud800":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}""");
        var file = folder.File("surrogate.safetensors");
        File.WriteAllBytes(file, [.. BitConverter.GetBytes((ulong)header.Length), .. header]);

        var result = CliHarness.Run("convert", file, folder.File("out.safetensors"));

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.DoesNotContain("internal error", result.Error);
        Assert.Contains("not valid Unicode", result.Error);
    }

    [Fact]
    public void One_pixel_wide_tall_png_is_harmonized_at_the_working_size()
    {
        using var folder = new TemporaryFolder();
        var tall = TestData.Hostile("png_tall_1x3000000.png");

        var result = CliHarness.Run("run", "--composite", tall, "--mask", tall, "--out", folder.File("o.png"), "--model", "reinhard", "--size", "256");

        Assert.DoesNotContain("internal error", result.Error);
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var output = ImageFile.Load(folder.File("o.png"));
        Assert.Equal((1, 3_000_000), (output.Width, output.Height));
    }

    [Fact]
    public void Jpeg_with_almost_no_image_data_is_refused_before_the_output_stage()
    {
        using var folder = new TemporaryFolder();
        var file = TestData.Hostile("jpeg_restart_skip_cmyk.jpg");

        var result = CliHarness.Run("run", "--composite", file, "--mask", file, "--out", folder.File("o.png"), "--model", "composite");

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.Contains("jpeg_restart_skip_cmyk.jpg", Assert.Single(result.ErrorLines));
        Assert.Contains("image data is missing", result.Error);
        Assert.False(File.Exists(folder.File("o.png")));
    }
}
