using System.Text.Json;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Cli.Tests;

public class EvalIdentityAndPlotTests
{
    // A one-image iHarmony4 subset whose composite differs from its real image inside the mask.
    private static string WriteSubset(string root)
    {
        string subset = Path.Combine(root, "S");
        foreach (var folder in new[] { "composite_images", "masks", "real_images" }) Directory.CreateDirectory(Path.Combine(subset, folder));
        TestPictures.WritePair(Path.Combine(subset, "composite_images", "p_1_1.png"), Path.Combine(subset, "masks", "p_1.png"), 32, 32);
        var composite = ImageFile.Load(Path.Combine(subset, "composite_images", "p_1_1.png"));
        var real = new Image(32, 32, 3, composite.Pixels.Select(v => (byte)(v / 2 + 40)).ToArray());
        ImageFile.Save(Path.Combine(subset, "real_images", "p.png"), real);
        File.WriteAllText(Path.Combine(subset, "S_test.txt"), "p_1_1.png\n");
        return root;
    }

    [Fact]
    public void Identity_eval_feeds_the_real_image_so_the_unchanged_baseline_scores_zero()
    {
        string root = Directory.CreateTempSubdirectory("harmonia-eval-id-").FullName;
        try
        {
            WriteSubset(root);
            var normal = CliHarness.Run("eval", "--data", root, "--subsets", "S", "--model", "composite", "--out", Path.Combine(root, "normal"));
            var identity = CliHarness.Run("eval", "--data", root, "--subsets", "S", "--model", "composite", "--out", Path.Combine(root, "identity"), "--identity");
            Assert.Equal(ExitCodes.Success, normal.ExitCode);
            Assert.Equal(ExitCodes.Success, identity.ExitCode);

            double Fmse(string folder)
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, folder, "summary.json")));
                return doc.RootElement.GetProperty("all").GetProperty("fmse").GetDouble();
            }
            Assert.True(Fmse("normal") > 100);
            Assert.Equal(0, Fmse("identity"));
            Assert.Contains("Δa* 0.00", identity.Out);
            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "normal", "summary.json")));
            Assert.NotEqual(0, summary.RootElement.GetProperty("labShift").GetProperty("median").GetProperty("dL").GetDouble());
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Theory]
    [InlineData("hdnet-lite", "12", "error: eval: --size: hdnet-lite works on sizes that are multiples of 8, and 12 is not (try --size 16)")]
    [InlineData("reinhard", "7", "error: eval: --size: must be at least 11 (the SSIM window), got 7")]
    public void A_size_the_model_or_the_metrics_cannot_use_is_refused_before_any_image(string model, string size, string expected)
    {
        string root = Directory.CreateTempSubdirectory("harmonia-eval-size-").FullName;
        try
        {
            WriteSubset(root);
            string output = Path.Combine(root, "out");
            var result = CliHarness.Run("eval", "--data", root, "--subsets", "S", "--model", model, "--size", size, "--out", output);
            Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
            Assert.Equal([expected], result.ErrorLines);
            Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), "a refused evaluation wrote output");
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void Plot_draws_a_png_from_a_table_and_names_bad_tables()
    {
        string root = Directory.CreateTempSubdirectory("harmonia-plot-").FullName;
        try
        {
            string table = Path.Combine(root, "curve.tsv"), png = Path.Combine(root, "curve.png");
            File.WriteAllText(table, "series\tx\ty\nheld-out\t1000\t900\nheld-out\t10000\t600\nidentity\t1000\t80\nidentity\t10000\t30\n");
            var result = CliHarness.Run("plot", "--data", table, "--out", png, "--log-x", "--guide", "654");
            Assert.Equal(ExitCodes.Success, result.ExitCode);
            Assert.Contains("1: held-out (2 points)", result.Out);
            var chart = ImageFile.Load(png);
            // 720 x 420 for the chart, and a band under it for the legend of the two series' names.
            Assert.Equal(720, chart.Width);
            Assert.InRange(chart.Height, 440, 480);
            string titled = Path.Combine(root, "titled.png");
            Assert.Equal(ExitCodes.Success, CliHarness.Run("plot", "--data", table, "--out", titled, "--log-x", "--guide", "654",
                "--x-title", "images seen", "--y-title", "held-out fMSE").ExitCode);
            var titledChart = ImageFile.Load(titled);
            Assert.Equal((chart.Width, chart.Height), (titledChart.Width, titledChart.Height));
            Assert.False(chart.Pixels.AsSpan().SequenceEqual(titledChart.Pixels), "the axis titles drew nothing");

            // Refuses to replace the picture without --overwrite, and names a broken table's line.
            Assert.Equal(ExitCodes.RuntimeError, CliHarness.Run("plot", "--data", table, "--out", png).ExitCode);
            File.WriteAllText(table, "series\tx\ty\nA\t1\n");
            var bad = CliHarness.Run("plot", "--data", table, "--out", Path.Combine(root, "b.png"));
            Assert.Equal(ExitCodes.RuntimeError, bad.ExitCode);
            Assert.Contains("line 2", bad.Error);

            // The format is chosen from the extension, as for every image the commands write.
            File.WriteAllText(table, "series\tx\ty\nA\t1\t2\nA\t2\t3\n");
            var gif = CliHarness.Run("plot", "--data", table, "--out", Path.Combine(root, "c.gif"));
            Assert.Equal(ExitCodes.UsageError, gif.ExitCode);
            Assert.Contains(".png, .jpg or .jpeg", gif.Error);
            Assert.False(File.Exists(Path.Combine(root, "c.gif")));
            string jpeg = Path.Combine(root, "c.jpg");
            Assert.Equal(ExitCodes.Success, CliHarness.Run("plot", "--data", table, "--out", jpeg).ExitCode);
            Assert.Equal([0xFF, 0xD8], File.ReadAllBytes(jpeg)[..2]); // a JPEG's start-of-image marker
            Assert.Equal(720, ImageFile.Load(jpeg).Width);

            // Values the chart cannot place are named, not an internal error.
            File.WriteAllText(table, "series\tx\ty\nA\t1\t1e308\nA\t2\t-1e308\n");
            var huge = CliHarness.Run("plot", "--data", table, "--out", Path.Combine(root, "d.png"));
            Assert.Equal(ExitCodes.RuntimeError, huge.ExitCode);
            Assert.Contains("too wide a range", huge.Error);
            Assert.DoesNotContain("internal error", huge.Error);
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
