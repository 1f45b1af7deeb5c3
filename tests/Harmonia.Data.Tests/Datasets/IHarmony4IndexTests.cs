using Harmonia.Data.Datasets;

namespace Harmonia.Data.Tests.Datasets;

public class IHarmony4IndexTests
{
    // Creates the three files of one composite in the iHarmony4 layout (contents do not matter to the index).
    private static void AddComposite(TempDirectory dir, string subset, string photo, string maskId, string n, string ext = ".jpg")
    {
        dir.Touch($"{subset}/composite_images/{photo}_{maskId}_{n}{ext}");
        dir.Touch($"{subset}/masks/{photo}_{maskId}.png");
        dir.Touch($"{subset}/real_images/{photo}{ext}");
    }

    [Fact]
    public void Subset_list_derives_mask_and_real_paths_from_the_composite_name()
    {
        using var dir = new TempDirectory();
        AddComposite(dir, "HAdobe5k", "a0001", "1", "3");
        AddComposite(dir, "HAdobe5k", "a_b_0002", "2", "1"); // photo names may contain underscores
        dir.WriteText("HAdobe5k/HAdobe5k_train.txt", "a0001_1_3.jpg\ncomposite_images/a_b_0002_2_1.jpg\n");

        var samples = IHarmony4Index.Load(dir.Path, ["HAdobe5k"], DatasetSplit.Train);

        Assert.Equal(2, samples.Count);
        var first = samples[0];
        Assert.Equal("HAdobe5k", first.Subset);
        Assert.Equal("a0001_1_3", first.Name);
        Assert.Equal(Path.Combine(dir.Path, "HAdobe5k", "composite_images", "a0001_1_3.jpg"), first.CompositePath);
        Assert.Equal(Path.Combine(dir.Path, "HAdobe5k", "masks", "a0001_1.png"), first.MaskPath);
        Assert.Equal(Path.Combine(dir.Path, "HAdobe5k", "real_images", "a0001.jpg"), first.RealPath);
        Assert.Equal(Path.Combine(dir.Path, "HAdobe5k", "masks", "a_b_0002_2.png"), samples[1].MaskPath);
        Assert.Equal(Path.Combine(dir.Path, "HAdobe5k", "real_images", "a_b_0002.jpg"), samples[1].RealPath);
    }

    [Fact]
    public void Blank_lines_and_windows_line_endings_are_tolerated_and_subsets_keep_their_order()
    {
        using var dir = new TempDirectory();
        AddComposite(dir, "HFlickr", "f1", "1", "1");
        AddComposite(dir, "HCOCO", "c1", "1", "1");
        AddComposite(dir, "HCOCO", "c2", "1", "2");
        dir.WriteText("HFlickr/HFlickr_test.txt", "\r\nf1_1_1.jpg\r\n\r\n   \r\n");
        dir.WriteText("HCOCO/HCOCO_test.txt", "c2_1_2.jpg\r\nc1_1_1.jpg");

        var samples = IHarmony4Index.Load(dir.Path, ["HFlickr", "HCOCO"], DatasetSplit.Test);

        Assert.Equal(["HFlickr/f1_1_1", "HCOCO/c2_1_2", "HCOCO/c1_1_1"], samples.Select(s => $"{s.Subset}/{s.Name}"));
    }

    [Fact]
    public void Missing_files_are_reported_with_list_file_line_and_path()
    {
        using var dir = new TempDirectory();
        AddComposite(dir, "HCOCO", "c1", "1", "1");
        dir.Touch("HCOCO/composite_images/c2_1_1.jpg"); // no mask, no real photo
        string list = dir.WriteText("HCOCO/HCOCO_train.txt", "c1_1_1.jpg\n\nc2_1_1.jpg\n");

        var error = Assert.Throws<DatasetException>(() => IHarmony4Index.Load(dir.Path, ["HCOCO"], DatasetSplit.Train));

        Assert.Contains($"{list}:3: mask '{Path.Combine(dir.Path, "HCOCO", "masks", "c2_1.png")}' does not exist", error.Message);
        Assert.Contains($"{list}:3: real photo '{Path.Combine(dir.Path, "HCOCO", "real_images", "c2.jpg")}' does not exist", error.Message);
        Assert.DoesNotContain(":1:", error.Message);
    }

    [Fact]
    public void Files_are_not_checked_when_asked_not_to()
    {
        using var dir = new TempDirectory();
        dir.WriteText("HCOCO/HCOCO_train.txt", "c9_1_1.jpg\n");
        var samples = IHarmony4Index.Load(dir.Path, ["HCOCO"], DatasetSplit.Train, checkFiles: false);
        Assert.Single(samples);
    }

    [Fact]
    public void A_missing_list_file_is_named()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<DatasetException>(() => IHarmony4Index.Load(dir.Path, ["HCOCO"], DatasetSplit.Test));
        Assert.Contains(Path.Combine(dir.Path, "HCOCO", "HCOCO_test.txt"), error.Message);
    }

    [Theory]
    [InlineData("c1.jpg")]
    [InlineData("c1_2.jpg")]
    [InlineData("c1_1_1")]
    [InlineData("_1_1.jpg")]
    [InlineData("c1__1.jpg")]
    [InlineData("sub/c1_1_1.jpg")]
    public void Malformed_composite_names_are_errors_naming_the_line(string line)
    {
        using var dir = new TempDirectory();
        string list = dir.WriteText("HCOCO/HCOCO_train.txt", "\n" + line + "\n");
        var error = Assert.Throws<DatasetException>(() => IHarmony4Index.Load(dir.Path, ["HCOCO"], DatasetSplit.Train, checkFiles: false));
        Assert.Contains($"{list}:2:", error.Message);
        Assert.Contains(line, error.Message);
    }

    [Fact]
    public void Global_list_reads_subset_prefixed_lines_and_filters_subsets()
    {
        using var dir = new TempDirectory();
        AddComposite(dir, "HCOCO", "c1", "1", "1");
        AddComposite(dir, "Hday2night", "d_1", "2", "5");
        dir.WriteText("IHD_train.txt", "HCOCO/composite_images/c1_1_1.jpg\r\nHday2night/composite_images/d_1_2_5.jpg\r\n");

        var all = IHarmony4Index.LoadGlobalList(dir.Path, DatasetSplit.Train);
        var dayOnly = IHarmony4Index.LoadGlobalList(dir.Path, DatasetSplit.Train, ["Hday2night"]);

        Assert.Equal(["HCOCO", "Hday2night"], all.Select(s => s.Subset));
        var day = Assert.Single(dayOnly);
        Assert.Equal("d_1_2_5", day.Name);
        Assert.Equal(Path.Combine(dir.Path, "Hday2night", "masks", "d_1_2.png"), day.MaskPath);
        Assert.Equal(Path.Combine(dir.Path, "Hday2night", "real_images", "d_1.jpg"), day.RealPath);
    }

    [Theory]
    [InlineData("c1_1_1.jpg")]
    [InlineData("HCOCO/masks/c1_1_1.jpg")]
    [InlineData("../composite_images/c1_1_1.jpg")]
    public void Global_list_lines_without_subset_and_folder_are_errors(string line)
    {
        using var dir = new TempDirectory();
        string list = dir.WriteText("IHD_test.txt", line + "\n");
        var error = Assert.Throws<DatasetException>(() => IHarmony4Index.LoadGlobalList(dir.Path, DatasetSplit.Test, checkFiles: false));
        Assert.Contains($"{list}:1:", error.Message);
    }

    [Fact]
    public void Png_composites_pair_with_png_real_photos()
    {
        using var dir = new TempDirectory();
        AddComposite(dir, "Synth", "p", "1", "1", ".png");
        dir.WriteText("Synth/Synth_train.txt", "p_1_1.png\n");
        var sample = Assert.Single(IHarmony4Index.Load(dir.Path, ["Synth"], DatasetSplit.Train));
        Assert.EndsWith(Path.Combine("real_images", "p.png"), sample.RealPath);
    }

    [Fact]
    public void Find_subsets_lists_folders_with_composites()
    {
        using var dir = new TempDirectory();
        AddComposite(dir, "HFlickr", "f", "1", "1");
        AddComposite(dir, "HCOCO", "c", "1", "1");
        Directory.CreateDirectory(Path.Combine(dir.Path, "notes"));
        Assert.Equal(["HCOCO", "HFlickr"], IHarmony4Index.FindSubsets(dir.Path));
    }

    [Fact]
    public void Composite_name_parsing_splits_the_last_two_ids()
    {
        Assert.True(IHarmony4Naming.TryParseComposite("a_b_c_12_3.jpg", out var name));
        Assert.Equal(new CompositeName("a_b_c", "12", "3", ".jpg"), name);
        Assert.Equal("a_b_c_12.png", name.MaskFileName);
        Assert.Equal("a_b_c.jpg", name.RealFileName);
        Assert.Equal("a_b_c_12_3.jpg", IHarmony4Naming.CompositeFileName("a_b_c", "12", "3", ".jpg"));
    }
}
