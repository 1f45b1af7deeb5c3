using System.Globalization;
using System.Text.RegularExpressions;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Cli.Tests;

/// <summary>
/// Every error line has one form, <c>error: COMMAND: [SUBJECT: ]problem</c>, whether the parser found the
/// problem (unknown option, missing value, bad number, typo) or a command did (missing file, bad image,
/// bad mask, wrong size); files appear as typed.
/// </summary>
public sealed partial class ErrorStyleTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    // {c} composite, {m} mask, {o} output (exists), {new} output (absent), {missing} absent file, {text} not an
    // image, {small} an 8x8 mask, {dir} a folder, {pth} a .pth file that is not a checkpoint.
    public static TheoryData<int, string, string> Failures => new()
    {
        { 2, "error: harmonia: rnu: unknown command; did you mean 'run'?", "rnu" },
        { 2, "error: harmonia: --nope: unknown option", "--nope" },
        { 2, "error: harmonia: nope: unknown command", "help nope" },
        { 2, "error: harmonia: no command given", "--verbose" },
        { 2, "error: run: --sise: unknown option; did you mean '--size'?", "run --sise 3 {c} {m} {new}" },
        { 2, "error: run: --size: needs a value", "run {c} {m} {new} --size" },
        { 2, "error: run: --size: expects 'native' or a side length in pixels (1..8192), got 'abc'", "run --size abc {c} {m} {new}" },
        { 2, "error: run: --threads: expects a whole number in 1..1024, got 'x'", "run --threads x {c} {m} {new}" },
        { 2, "error: run: --model: unknown value 'nope'; use one of hdnet, hdnet-lite, hdnet-lite-affine, phnet, phnet-lite, phnet-ffhqh, phnet-lite-affine, composite, reinhard", "run --model nope {c} {m} {new}" },
        { 2, "error: run: -s: takes one value, got 2", "run -s 8 -s 16 {c} {m} {new}" },
        { 2, "error: run: extra: unexpected argument", "run {c} {m} {new} extra" },
        { 2, "error: run: one of --composite, --input or --manifest is required", "run --out {new}" },
        { 2, "error: train: one of --model or --config is required", "train --data d --subsets A --out r" },
        { 2, "error: demo: --out is required", "demo" },
        { 2, "error: convert: OUT.safetensors is missing", "convert {pth}" },
        { 1, "error: run: {missing}: file not found", "run {missing} {m} {new}" },
        { 1, "error: run: {text}: unknown image format (first bytes 68656C6C6F); PNG and JPEG are supported", "run {text} {m} {new}" },
        { 1, "error: run: {text}: unknown image format (first bytes 68656C6C6F); PNG and JPEG are supported", "run {c} {text} {new}" },
        { 1, "error: run: {c}: it is a colour picture ({share}% of its pixels coloured), not a mask: a mask is grey, white where the object is and black elsewhere (or transparent outside the object); were the composite and the mask given the other way round?", "run {m} {c} {new}" },
        { 1, "error: run: {small}: the mask is 8x8 but the composite {c} is 16x16; pass --resize-mask to resize the mask to the composite", "run {c} {small} {new}" },
        { 1, "error: run: {dir}: is a folder; the composite must be an image file (for a folder of composites use --input DIR)", "run --composite {dir} --mask {m} --out {new}" },
        { 1, "error: run: {o}: exists; pass --overwrite to replace it", "run {c} {m} {o} --model composite" },
        { 1, "error: run: {missing}: folder not found", "run --input {missing} --out {dir}" },
        { 1, "error: run: --size: hdnet-lite works on sizes that are multiples of 8, and 7 is not (try --size 8)", "run --size 7 {c} {m} {new}" },
        { 1, "error: run: --size: hdnet-lite works on sizes that are multiples of 8, and 260 is not (try --size 264)", "run --size 260 {c} {m} {new}" },
        { 1, "error: sheet: --size: hdnet-lite works on sizes that are multiples of 8, and 36 is not (try --size 40)", "sheet --composites {dir} --masks {dir} --column reinhard --column hdnet-lite --size 36 --out {new}" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Each_failure_is_one_line_in_the_common_form_with_the_usual_exit_code(int exitCode, string expectedLine, string commandLine)
    {
        var files = PrepareFiles();
        string Fill(string text) => files.Aggregate(text, (filled, file) => filled.Replace("{" + file.Key + "}", file.Value, StringComparison.Ordinal));

        var result = CliHarness.Run(commandLine.Split(' ').Select(Fill).ToArray());

        Assert.Equal(exitCode, result.ExitCode);
        var errors = result.ErrorLines.Where(line => !line.StartsWith("Run '", StringComparison.Ordinal)).ToList();
        Assert.Equal([Fill(expectedLine)], errors);
        Assert.Matches(CommonForm(), errors[0]);
        Assert.False(File.Exists(files["new"]), "a failed command wrote its output");
    }

    [Fact]
    public void A_warning_has_the_same_form_with_its_own_prefix()
    {
        var files = PrepareFiles();
        ImageFile.Save(folder.File("empty.png"), new Image(16, 16, 1));

        var result = CliHarness.Run("run", files["c"], folder.File("empty.png"), files["new"], "--model", "composite");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal($"warning: run: {folder.File("empty.png")}: the mask has no foreground pixels (white = foreground); the output equals the composite", result.ErrorLines[0]);
    }

    [Fact]
    public void A_mask_that_covers_the_whole_image_gets_a_warning_and_a_result()
    {
        var files = PrepareFiles();
        var white = new Image(16, 16, 1);
        Array.Fill(white.Pixels, (byte)255);
        ImageFile.Save(folder.File("white.png"), white);

        var result = CliHarness.Run("run", files["c"], folder.File("white.png"), files["new"]);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal($"warning: run: {folder.File("white.png")}: the mask covers the whole image (black = background); with no background to match, the result is only the model's guess", result.ErrorLines[0]);
        Assert.True(File.Exists(files["new"]));
    }

    private Dictionary<string, string> PrepareFiles()
    {
        var (composite, mask) = TestPictures.WritePair(folder.File("c.png"), folder.File("m.png"), 16, 16);
        ImageFile.Save(folder.File("small.png"), TestPictures.Mask(8, 8));
        File.WriteAllText(folder.File("notes.jpg"), "hello");
        File.WriteAllText(folder.File("o.png"), "a result the user keeps");
        File.WriteAllText(folder.File("model.pth"), "not a checkpoint");
        Directory.CreateDirectory(folder.File("dir"));
        return new()
        {
            ["c"] = composite, ["m"] = mask, ["o"] = folder.File("o.png"), ["new"] = folder.File("new.png"),
            ["missing"] = folder.File("missing.png"), ["text"] = folder.File("notes.jpg"), ["small"] = folder.File("small.png"),
            ["dir"] = folder.File("dir"), ["pth"] = folder.File("model.pth"),
            // The composite's share of coloured pixels, which the refusal of it as a mask quotes.
            ["share"] = (100 * ChannelConversion.ColouredShare(ImageFile.Load(composite))).ToString("F0", CultureInfo.InvariantCulture),
        };
    }

    // "error: ", a command, an optional subject, and a problem that starts in lower case (or with a quote, an
    // option or an acronym) and does not end with a full stop.
    [GeneratedRegex(@"^error: (harmonia|[a-z]+): (.+: )?([a-z'\-]|[A-Z]{2}|OUT\.).*[^.]$")]
    private static partial Regex CommonForm();
}
