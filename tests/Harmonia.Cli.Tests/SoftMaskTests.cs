using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Cli.Tests;

/// <summary>Soft (feathered) masks through <c>run</c> with the bundled HDNet-lite, and binary masks unchanged.</summary>
public class SoftMaskTests
{
    private const int Width = 48, Height = 40;

    [Theory]
    [InlineData("color-map", "32")]
    [InlineData("color-map", "native")]
    [InlineData("dense", "32")]
    [InlineData("dense", "native")]
    public void A_binary_mask_gives_exactly_the_result_it_gave_before_soft_masks_were_blended_everywhere(string output, string size)
    {
        // binary-*.png were written by 'run' of the commit before the soft-mask blend (a005454), and written
        // again when the bundled weights changed (2026-12-04, after checking that today's 'run' still gives
        // a005454's files bit for bit with the earlier weights). They predate --min-change and --color-guard, so
        // those are 0 and off here.
        using var folder = new TemporaryFolder();

        string[] args = ["run", TestData.SoftMask("composite.png"), TestData.SoftMask("mask-binary.png"), folder.File("o.png"), "--output", output, "--size", size];
        var result = CliHarness.Run(output == "dense" ? args : [.. args, "--min-change", "0", "--color-guard", "off"]);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(ImageFile.Load(TestData.SoftMask($"binary-{output}-{size}.png")).Pixels, ImageFile.Load(folder.File("o.png")).Pixels);
    }

    /// <summary><see cref="FeatheredDisc"/> saved as c.png and m.png in <paramref name="folder"/>.</summary>
    private static (Image Composite, Image Mask) SaveFeatheredDisc(TemporaryFolder folder)
    {
        var (composite, mask) = FeatheredDisc();
        ImageFile.Save(folder.File("c.png"), composite);
        ImageFile.Save(folder.File("m.png"), mask);
        return (composite, mask);
    }

    /// <summary>A cold disc of one colour out to radius 16 on a warm gradient, and its mask: coverage 1 up to
    /// radius 8, falling linearly to 0 at radius 16 (0.5 at radius 12).</summary>
    private static (Image Composite, Image Mask) FeatheredDisc()
    {
        var composite = new Image(Width, Height, 3);
        var mask = new Image(Width, Height, 1);
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                double distance = Math.Sqrt((x - 24) * (x - 24) + (y - 20) * (y - 20));
                byte[] colour = distance < 16 ? [150, 175, 225] : [(byte)(120 + 2 * x), (byte)(70 + y), (byte)(40 + (x + y) / 2)];
                colour.CopyTo(composite.Pixels, (y * Width + x) * 3);
                mask.Pixels[y * Width + x] = (byte)Math.Round(255 * Math.Clamp((16 - distance) / 8, 0, 1));
            }
        return (composite, mask);
    }

    [Fact]
    public void The_low_coverage_ring_of_a_feathered_mask_moves_in_proportion_to_its_coverage()
    {
        using var folder = new TemporaryFolder();
        var (composite, mask) = SaveFeatheredDisc(folder);

        var colorMap = CliHarness.Run("run", folder.File("c.png"), folder.File("m.png"), folder.File("color-map.png"), "--size", "32");
        var dense = CliHarness.Run("run", folder.File("c.png"), folder.File("m.png"), folder.File("dense.png"), "--size", "32", "--output", "dense");

        Assert.Equal(ExitCodes.Success, colorMap.ExitCode);
        Assert.Equal(ExitCodes.Success, dense.ExitCode);
        // Colour map: the object is one colour, so the map changes every pixel of it by the same D, and a
        // pixel of coverage a by a·D; D is read at the centre, where the coverage is 1.
        var mapped = ImageFile.Load(folder.File("color-map.png"));
        int centre = (20 * Width + 24) * 3;
        var objectChange = Enumerable.Range(0, 3).Select(c => mapped.Pixels[centre + c] - composite.Pixels[centre + c]).ToArray();
        // A change well above the ±1.5 tolerance below, so that a·D is told apart from 0 and from D.
        Assert.True(objectChange.Max(Math.Abs) >= 12, $"the model hardly changed the object ({string.Join(", ", objectChange)})");
        int ringPixels = 0;
        for (int p = 0; p < Width * Height; p++)
        {
            double coverage = mask.Pixels[p] / 255.0;
            for (int c = 0; c < 3; c++)
            {
                int change = mapped.Pixels[3 * p + c] - composite.Pixels[3 * p + c];
                Assert.InRange(change, coverage * objectChange[c] - 1.5, coverage * objectChange[c] + 1.5);
            }
            if (coverage is > 0 and < 0.5) ringPixels++;
        }
        Assert.True(ringPixels > 100, $"only {ringPixels} pixels below 0.5");

        // Dense: the ring takes the change of the object next to it; it moves, the more the higher its coverage.
        var painted = ImageFile.Load(folder.File("dense.png"));
        double MeanChange(double low, double high)
        {
            var changes = Enumerable.Range(0, Width * Height).Where(p => mask.Pixels[p] / 255.0 is var a && a > low && a <= high)
                .Select(p => Enumerable.Range(0, 3).Sum(c => Math.Abs(painted.Pixels[3 * p + c] - composite.Pixels[3 * p + c])) / 3.0).ToList();
            return changes.Average();
        }
        double outer = MeanChange(0, 0.2), inner = MeanChange(0.3, 0.5), full = MeanChange(0.99, 1);
        // Before, the pixels below 0.5 were outside the network's foreground and hardly moved (mean changes 0.0 and 0.95).
        Assert.True(outer >= 0.5 && inner >= 3 && inner > 2 * outer && full > 1.5 * inner, $"mean change at coverage (0, 0.2]: {outer:F1}, (0.3, 0.5]: {inner:F1}, 1: {full:F1}");
        for (int p = 0; p < Width * Height; p++)
            if (mask.Pixels[p] == 0)
                for (int c = 0; c < 3; c++)
                    Assert.Equal(composite.Pixels[3 * p + c], painted.Pixels[3 * p + c]);
    }

    [Fact]
    public void A_minimum_change_above_the_models_change_leaves_the_composite_as_it_is()
    {
        using var folder = new TemporaryFolder();
        var (composite, mask) = SaveFeatheredDisc(folder);

        var changed = CliHarness.Run("run", folder.File("c.png"), folder.File("m.png"), folder.File("default.png"), "--size", "32");
        var kept = CliHarness.Run("run", folder.File("c.png"), folder.File("m.png"), folder.File("kept.png"), "--size", "32", "--min-change", "255");
        var negative = CliHarness.Run("run", folder.File("c.png"), folder.File("m.png"), folder.File("never.png"), "--min-change", "-1");
        var withDense = CliHarness.Run("run", folder.File("c.png"), folder.File("m.png"), folder.File("never.png"), "--min-change", "3", "--output", "dense");

        Assert.Equal(ExitCodes.Success, changed.ExitCode);
        Assert.Equal(ExitCodes.Success, kept.ExitCode);
        Assert.NotEqual(composite.Pixels, ImageFile.Load(folder.File("default.png")).Pixels);
        Assert.Equal(composite.Pixels, ImageFile.Load(folder.File("kept.png")).Pixels);
        Assert.Equal(ExitCodes.UsageError, negative.ExitCode);
        Assert.Contains("--min-change", negative.Error);
        Assert.Equal(ExitCodes.UsageError, withDense.ExitCode);
        Assert.Contains("--min-change has no effect with --output dense", withDense.Error);
        Assert.False(File.Exists(folder.File("never.png")));
    }

    [Fact]
    public void A_bad_color_guard_or_one_with_the_dense_output_is_a_usage_error()
    {
        using var folder = new TemporaryFolder();
        SaveFeatheredDisc(folder);

        var off = CliHarness.Run("run", folder.File("c.png"), folder.File("m.png"), folder.File("off.png"), "--size", "32", "--color-guard", "off");
        var bad = CliHarness.Run("run", folder.File("c.png"), folder.File("m.png"), folder.File("never.png"), "--color-guard", "20,2");
        var withDense = CliHarness.Run("eval", "--data", folder.Path, "--subsets", "x", "--out", folder.File("never"), "--color-guard", "on", "--output", "dense");

        Assert.Equal(ExitCodes.Success, off.ExitCode);
        Assert.Equal(ExitCodes.UsageError, bad.ExitCode);
        Assert.Contains("--color-guard: expected 'on', 'off' or 'DEGREES,KEPT'", bad.Error);
        Assert.Equal(ExitCodes.UsageError, withDense.ExitCode);
        Assert.Contains("--color-guard has no effect with --output dense", withDense.Error);
        Assert.False(File.Exists(folder.File("never.png")));
    }
}
