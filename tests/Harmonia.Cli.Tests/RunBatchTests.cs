using Harmonia.Cli.Batch;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Cli.Tests;

public class RunBatchTests
{
    private static readonly string[] Names = ["alpha", "bravo", "charlie", "delta", "echo"];

    /// <summary>Five pairs, composites alternating PNG and JPEG, masks NAME_mask.png.</summary>
    private static string MakeInputFolder(TemporaryFolder folder)
    {
        var input = Directory.CreateDirectory(folder.File("in")).FullName;
        for (var i = 0; i < Names.Length; i++)
        {
            var extension = i % 2 == 0 ? ".png" : ".jpg";
            TestPictures.WritePair(Path.Combine(input, Names[i] + extension), Path.Combine(input, Names[i] + "_mask.png"), 24 + 8 * i, 16);
        }
        return input;
    }

    private static string[] OutputNames(string folder) =>
        Directory.Exists(folder) ? [.. Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)!] : [];

    [Fact]
    public void Folder_batch_writes_NAME_png_for_every_pair_at_its_own_size()
    {
        using var folder = new TemporaryFolder();
        var input = MakeInputFolder(folder);

        var result = CliHarness.Run("run", "--input", input, "--out", folder.File("out"), "--model", "reinhard");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(Names.Select(name => name + ".png"), OutputNames(folder.File("out")));
        for (var i = 0; i < Names.Length; i++)
        {
            var bytes = File.ReadAllBytes(Path.Combine(folder.File("out"), Names[i] + ".png"));
            Assert.Equal(ImageFileFormat.Png, ImageFile.DetectFormat(bytes));
            Assert.Equal(24 + 8 * i, ImageFile.Load(bytes).Width);
        }
        Assert.Contains("Harmonizing: started, 5 images", result.Error);
        Assert.Contains("Harmonizing: done, 5/5 images", result.Error);
    }

    [Fact]
    public void Two_shards_cover_every_pair_exactly_once()
    {
        using var folder = new TemporaryFolder();
        var input = MakeInputFolder(folder);
        var output = folder.File("out");

        var first = CliHarness.Run("run", "--input", input, "--out", output, "--model", "composite", "--shard", "0/2");
        var afterFirst = OutputNames(output);
        var second = CliHarness.Run("run", "--input", input, "--out", output, "--model", "composite", "--shard", "1/2");
        var afterSecond = OutputNames(output);

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        // Sorted by name and dealt round-robin: shard 0 gets pairs 0, 2, 4.
        Assert.Equal(["alpha.png", "charlie.png", "echo.png"], afterFirst);
        Assert.Equal(Names.Select(name => name + ".png"), afterSecond);
        Assert.Contains("0 already done, 2 to harmonize", second.Error);
    }

    [Fact]
    public void Rerun_skips_finished_outputs_and_overwrite_redoes_them()
    {
        using var folder = new TemporaryFolder();
        var input = MakeInputFolder(folder);
        var output = folder.File("out");
        Assert.Equal(ExitCodes.Success, CliHarness.Run("run", "--input", input, "--out", output, "--model", "reinhard").ExitCode);
        var marked = Path.Combine(output, "bravo.png");
        File.WriteAllText(marked, "finished earlier");
        File.Delete(Path.Combine(output, "delta.png"));

        var rerun = CliHarness.Run("run", "--input", input, "--out", output, "--model", "reinhard");

        Assert.Equal(ExitCodes.Success, rerun.ExitCode);
        Assert.Contains("4 already done, 1 to harmonize", rerun.Error);
        Assert.Equal("finished earlier", File.ReadAllText(marked));
        Assert.True(File.Exists(Path.Combine(output, "delta.png")));

        var redo = CliHarness.Run("run", "--input", input, "--out", output, "--model", "reinhard", "--overwrite");

        Assert.Equal(ExitCodes.Success, redo.ExitCode);
        Assert.Equal(32, ImageFile.Load(marked).Width);
    }

    [Fact]
    public void A_failing_pair_is_reported_and_the_rest_are_written_with_exit_1()
    {
        using var folder = new TemporaryFolder();
        var input = MakeInputFolder(folder);
        File.WriteAllText(Path.Combine(input, "bravo.jpg"), "not a jpeg");
        File.Delete(Path.Combine(input, "delta_mask.png"));

        var result = CliHarness.Run("run", "--input", input, "--out", folder.File("out"), "--model", "reinhard");

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.Equal(["alpha.png", "charlie.png", "echo.png"], OutputNames(folder.File("out")));
        var errors = result.ErrorLines.Where(line => line.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, errors.Count);
        // The missing mask is found before the run starts; the unreadable composite while it runs.
        Assert.Equal($"error: run: {Path.Combine(input, "delta_mask.png")}: mask not found (for composite {Path.Combine(input, "delta.jpg")})", errors[0]);
        Assert.Contains(Path.Combine(input, "bravo.jpg"), errors[1]);
        Assert.StartsWith("error: run: 2 of 5 pairs failed", errors[2]);
        Assert.Contains("Harmonizing: finished with 1 of 4 images failed", result.Error);
        Assert.DoesNotContain("Harmonizing: done", result.Error);
    }

    [Fact]
    public void Manifest_batch_reads_pairs_relative_to_the_manifest()
    {
        using var folder = new TemporaryFolder();
        MakeInputFolder(folder);
        File.WriteAllText(folder.File("list.txt"), "# two of them\nin/echo.png\tin/echo_mask.png\nin/bravo.jpg,in/bravo_mask.png\n");

        var result = CliHarness.Run("run", "--manifest", folder.File("list.txt"), "--out", folder.File("out"), "--model", "composite");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(["bravo.png", "echo.png"], OutputNames(folder.File("out")));
    }

    [Fact]
    public void Folder_pairs_skip_masks_hidden_files_and_other_files()
    {
        using var folder = new TemporaryFolder();
        var input = MakeInputFolder(folder);
        File.WriteAllText(Path.Combine(input, "readme.txt"), "");
        File.WriteAllText(Path.Combine(input, ".partial.png.tmp"), "");
        File.WriteAllText(Path.Combine(input, ".hidden.png"), "");

        var pairs = FolderPairs.Find(input).Pairs;

        Assert.Equal(Names, pairs.Select(pair => pair.Name));
        Assert.All(pairs, pair => Assert.Equal(Path.Combine(input, pair.Name + "_mask.png"), pair.Mask));
    }

    [Fact]
    public void Empty_input_folder_is_an_error()
    {
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(folder.File("in"));

        var result = CliHarness.Run("run", "--input", folder.File("in"), "--out", folder.File("out"), "--model", "reinhard");

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"error: run: {folder.File("in")}: no composites found", line);
    }

    [Fact]
    public void Two_composites_with_one_name_are_refused_before_any_work()
    {
        using var folder = new TemporaryFolder();
        var input = MakeInputFolder(folder);
        TestPictures.WritePair(Path.Combine(input, "alpha.jpg"), Path.Combine(input, "alpha_mask.png"), 24, 16);

        var result = CliHarness.Run("run", "--input", input, "--out", folder.File("out"), "--model", "reinhard");

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.Contains("same name", Assert.Single(result.ErrorLines));
        Assert.Empty(OutputNames(folder.File("out")));
    }

    [Fact]
    public void Output_folder_equal_to_the_input_folder_is_refused_when_it_would_replace_inputs()
    {
        using var folder = new TemporaryFolder();
        var input = MakeInputFolder(folder);
        var before = OutputNames(input).Select(name => name + ":" + Convert.ToHexString(File.ReadAllBytes(Path.Combine(input, name)))).ToList();

        var result = CliHarness.Run("run", "--input", input, "--out", input, "--model", "reinhard");

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.Contains("would replace an input image", Assert.Single(result.ErrorLines));
        Assert.Equal(before, OutputNames(input).Select(name => name + ":" + Convert.ToHexString(File.ReadAllBytes(Path.Combine(input, name)))).ToList());
    }

    /// <summary>Composites in ROOT/images, masks named like them in ROOT/masks (the layout synth --photos --masks takes).</summary>
    private static string MakeImagesAndMasksFolders(TemporaryFolder folder, string maskSuffix = "")
    {
        var root = folder.File("set");
        Directory.CreateDirectory(Path.Combine(root, "images"));
        Directory.CreateDirectory(Path.Combine(root, "masks"));
        foreach (var name in Names.Take(3))
            TestPictures.WritePair(Path.Combine(root, "images", name + ".jpg"), Path.Combine(root, "masks", name + maskSuffix + ".png"), 32, 24);
        return root;
    }

    [Fact]
    public void A_folder_holding_images_and_masks_is_paired_by_name()
    {
        using var folder = new TemporaryFolder();
        var root = MakeImagesAndMasksFolders(folder);

        var result = CliHarness.Run("run", "--input", root, "--out", folder.File("out"), "--model", "reinhard");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(["alpha.png", "bravo.png", "charlie.png"], OutputNames(folder.File("out")));
        Assert.Contains($"masks are read from {Path.Combine(root, "masks")}", result.Error);
        // The harmonized foreground differs from the composite: the masks were really used.
        var composite = ImageFile.Load(Path.Combine(root, "images", "alpha.jpg"));
        Assert.NotEqual(composite.Pixels, ImageFile.Load(Path.Combine(folder.File("out"), "alpha.png")).Pixels);
    }

    [Fact]
    public void An_images_folder_uses_the_masks_folder_beside_it()
    {
        using var folder = new TemporaryFolder();
        var root = MakeImagesAndMasksFolders(folder, maskSuffix: "_mask");

        var result = CliHarness.Run("run", "--input", Path.Combine(root, "images"), "--out", folder.File("out"), "--model", "reinhard");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(["alpha.png", "bravo.png", "charlie.png"], OutputNames(folder.File("out")));
    }

    [Fact]
    public void Masks_option_names_the_masks_folder()
    {
        using var folder = new TemporaryFolder();
        var root = MakeImagesAndMasksFolders(folder);
        Directory.Move(Path.Combine(root, "masks"), folder.File("elsewhere"));

        var pairs = FolderPairs.Find(Path.Combine(root, "images"), folder.File("elsewhere")).Pairs;
        var result = CliHarness.Run("run", "--input", Path.Combine(root, "images"), "--masks", folder.File("elsewhere"), "--out", folder.File("out"), "--model", "reinhard");

        Assert.Equal(Path.Combine(folder.File("elsewhere"), "bravo.png"), pairs[1].Mask);
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(3, OutputNames(folder.File("out")).Length);
    }

    [Fact]
    public void Missing_masks_stop_the_batch_before_the_model_loads_and_nothing_reads_as_done()
    {
        using var folder = new TemporaryFolder();
        var input = Directory.CreateDirectory(folder.File("in")).FullName;
        foreach (var name in Names)
            ImageFile.Save(Path.Combine(input, name + ".png"), TestPictures.Composite(16, 16));

        // Weights that do not exist: had the model been loaded first, this would be the error.
        var result = CliHarness.Run("run", "--input", input, "--out", folder.File("out"), "--weights", folder.File("absent.safetensors"));

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.Equal(Names.Length + 1, result.ErrorLines.Count(line => line.StartsWith("error: ", StringComparison.Ordinal)));
        Assert.All(Names, name => Assert.Contains($"error: run: {Path.Combine(input, name + "_mask.png")}: mask not found", result.Error));
        Assert.Contains("error: run: none of the 5 pairs to harmonize has both its files (no mask was found); nothing was written", result.Error);
        Assert.DoesNotContain("absent.safetensors", result.Error);
        Assert.DoesNotContain("Harmonizing", result.Error);
        Assert.False(Directory.Exists(folder.File("out")));
    }

    [Fact]
    public void Format_jpg_writes_NAME_jpg_in_JPEG()
    {
        using var folder = new TemporaryFolder();
        var input = MakeInputFolder(folder);

        var result = CliHarness.Run("run", "--input", input, "--out", folder.File("out"), "--model", "reinhard", "--format", "jpg");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(Names.Select(name => name + ".jpg"), OutputNames(folder.File("out")));
        Assert.All(OutputNames(folder.File("out")), name =>
            Assert.Equal(ImageFileFormat.Jpeg, ImageFile.DetectFormat(File.ReadAllBytes(Path.Combine(folder.File("out"), name)))));
    }

    [Theory]
    [InlineData("gif")]
    [InlineData("webp")]
    public void Format_other_than_png_or_jpg_is_a_usage_error(string format)
    {
        using var folder = new TemporaryFolder();
        var input = MakeInputFolder(folder);

        var result = CliHarness.Run("run", "--input", input, "--out", folder.File("out"), "--format", format);

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains(format, result.Error);
    }

    [Fact]
    public void Format_is_refused_in_single_mode()
    {
        using var folder = new TemporaryFolder();
        var (composite, mask) = TestPictures.WritePair(folder.File("c.png"), folder.File("m.png"), 16, 16);

        var result = CliHarness.Run("run", "--composite", composite, "--mask", mask, "--out", folder.File("o.png"), "--format", "jpg");

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains("--format can only be used with --input or --manifest", result.Error);
    }
}
