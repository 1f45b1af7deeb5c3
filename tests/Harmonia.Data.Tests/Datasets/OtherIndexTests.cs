using Harmonia.Data.Datasets;

namespace Harmonia.Data.Tests.Datasets;

public class FfhqhIndexTests
{
    [Fact]
    public void Split_list_names_composite_alpha_and_ffhq_photo_by_the_same_relative_path()
    {
        using var ffhqh = new TempDirectory();
        using var ffhq = new TempDirectory();
        foreach (string name in new[] { "00001.png", "00002.png" })
        {
            ffhqh.Touch($"comp/{name}");
            ffhqh.Touch($"alpha/{name}");
            ffhq.Touch(name);
        }
        ffhqh.WriteText("val_split.txt", "00002.png\r\n\r\n00001.png\r\n");

        var samples = FfhqhIndex.Load(ffhqh.Path, ffhq.Path, DatasetSplit.Validation);

        Assert.Equal(["00002", "00001"], samples.Select(s => s.Name));
        Assert.All(samples, s => Assert.Equal("FFHQH", s.Subset));
        Assert.Equal(Path.Combine(ffhqh.Path, "comp", "00002.png"), samples[0].CompositePath);
        Assert.Equal(Path.Combine(ffhqh.Path, "alpha", "00002.png"), samples[0].MaskPath);
        Assert.Equal(Path.Combine(ffhq.Path, "00002.png"), samples[0].RealPath);
    }

    [Fact]
    public void Without_an_ffhq_folder_samples_have_no_ground_truth()
    {
        using var ffhqh = new TempDirectory();
        ffhqh.Touch("comp/7.png");
        ffhqh.Touch("alpha/7.png");
        ffhqh.WriteText("test_split.txt", "7.png\n");
        Assert.Null(Assert.Single(FfhqhIndex.Load(ffhqh.Path, null, DatasetSplit.Test)).RealPath);
    }

    [Fact]
    public void Missing_files_and_escaping_paths_are_reported_with_line_numbers()
    {
        using var ffhqh = new TempDirectory();
        using var ffhq = new TempDirectory();
        ffhqh.Touch("comp/1.png");
        string list = ffhqh.WriteText("train_split.txt", "1.png\n../x.png\n");

        var error = Assert.Throws<DatasetException>(() => FfhqhIndex.Load(ffhqh.Path, ffhq.Path, DatasetSplit.Train));

        Assert.Contains($"{list}:1: mask '{Path.Combine(ffhqh.Path, "alpha", "1.png")}' does not exist", error.Message);
        Assert.Contains($"{list}:1: real photo '{Path.Combine(ffhq.Path, "1.png")}' does not exist", error.Message);
        Assert.Contains($"{list}:2: '../x.png' is not a relative image path", error.Message);
    }
}

public class PairedFolderIndexTests
{
    [Fact]
    public void Pairs_images_with_their_mask_files_in_name_order()
    {
        using var dir = new TempDirectory();
        dir.Touch("b.png"); dir.Touch("b_mask.png");
        dir.Touch("a.jpg"); dir.Touch("a_mask.png");
        dir.Touch("notes.txt");

        var samples = PairedFolderIndex.Load(dir.Path);

        Assert.Equal(["a", "b"], samples.Select(s => s.Name));
        Assert.Equal(Path.Combine(dir.Path, "a_mask.png"), samples[0].MaskPath);
        Assert.All(samples, s => Assert.Null(s.RealPath));
    }

    [Fact]
    public void A_composite_without_mask_is_an_error_naming_both_files()
    {
        using var dir = new TempDirectory();
        dir.Touch("a.jpg");
        var error = Assert.Throws<DatasetException>(() => PairedFolderIndex.Load(dir.Path));
        Assert.Contains(Path.Combine(dir.Path, "a.jpg"), error.Message);
        Assert.Contains(Path.Combine(dir.Path, "a_mask.png"), error.Message);
    }

    [Fact]
    public void Two_composites_with_one_name_are_ambiguous()
    {
        using var dir = new TempDirectory();
        dir.Touch("a.jpg"); dir.Touch("a.png"); dir.Touch("a_mask.png");
        var error = Assert.Throws<DatasetException>(() => PairedFolderIndex.Load(dir.Path));
        Assert.Contains("same name", error.Message);
    }

    [Fact]
    public void An_empty_folder_is_an_error()
    {
        using var dir = new TempDirectory();
        Assert.Throws<DatasetException>(() => PairedFolderIndex.Load(dir.Path));
    }

    [Fact]
    public void Find_lists_a_composite_without_its_mask_prefers_a_png_mask_and_skips_hidden_files()
    {
        using var dir = new TempDirectory();
        dir.Touch("a.png"); dir.Touch("a_mask.png"); dir.Touch("a_mask.jpg");
        dir.Touch("b.jpeg"); dir.Touch("b_mask.jpg");
        dir.Touch("c.png");
        dir.Touch(".hidden.png"); dir.Touch("d_MASK.png");

        var samples = PairedFolderIndex.Find(dir.Path);

        Assert.Equal(["a", "b", "c"], samples.Select(s => s.Name));
        Assert.Equal(["a_mask.png", "b_mask.jpg", "c_mask.png"], samples.Select(s => Path.GetFileName(s.MaskPath)));
        Assert.False(File.Exists(samples[2].MaskPath));
        var error = Assert.Throws<DatasetException>(() => PairedFolderIndex.Load(dir.Path));
        Assert.Contains("'" + Path.Combine(dir.Path, "c.png") + "' has no mask", error.Message);
        Assert.DoesNotContain("b.jpeg", error.Message);
    }

    [Fact]
    public void Find_refuses_a_missing_folder()
    {
        using var dir = new TempDirectory();
        Assert.Throws<DatasetException>(() => PairedFolderIndex.Find(dir.File("absent")));
    }
}

public class ManifestIndexTests
{
    [Fact]
    public void Tab_separated_lines_resolve_relative_to_the_manifest_and_allow_a_real_column()
    {
        using var dir = new TempDirectory();
        dir.Touch("in/x, y.jpg"); dir.Touch("in/x_mask.png"); dir.Touch("gt/x.jpg");
        dir.Touch("in/z.png"); dir.Touch("in/z_mask.png");
        string manifest = dir.WriteText("lists/m.tsv", "# composite\tmask\treal\r\n../in/x, y.jpg\t../in/x_mask.png\t../gt/x.jpg\r\n\r\n" +
            $"{Path.Combine(dir.Path, "in", "z.png")}\t../in/z_mask.png\n");

        var samples = ManifestIndex.Load(manifest);

        Assert.Equal(2, samples.Count);
        Assert.Equal("x, y", samples[0].Name);
        Assert.Equal("m", samples[0].Subset);
        Assert.Equal(Path.GetFullPath(Path.Combine(dir.Path, "in", "x, y.jpg")), Path.GetFullPath(samples[0].CompositePath));
        Assert.Equal(Path.GetFullPath(Path.Combine(dir.Path, "gt", "x.jpg")), Path.GetFullPath(samples[0].RealPath!));
        Assert.Null(samples[1].RealPath);
        Assert.Equal(Path.Combine(dir.Path, "in", "z.png"), samples[1].CompositePath);
    }

    [Theory]
    [InlineData("only-one-column.jpg")]
    [InlineData("a.jpg\tb.png\tc.jpg\td.jpg")]
    [InlineData("a.jpg\t\tc.jpg")]
    public void Malformed_lines_name_file_and_line(string line)
    {
        using var dir = new TempDirectory();
        string manifest = dir.WriteText("m.tsv", "\n" + line + "\n");
        var error = Assert.Throws<DatasetException>(() => ManifestIndex.Load(manifest, checkFiles: false));
        Assert.Contains($"{manifest}:2:", error.Message);
    }

    [Fact]
    public void Duplicate_names_and_missing_files_are_reported()
    {
        using var dir = new TempDirectory();
        dir.Touch("a/x.jpg"); dir.Touch("a/x_mask.png"); dir.Touch("b/x.jpg");
        string manifest = dir.WriteText("m.tsv", "a/x.jpg\ta/x_mask.png\nb/x.jpg\ta/x_mask.png\nq.jpg\tq_mask.png\n");

        var error = Assert.Throws<DatasetException>(() => ManifestIndex.Load(manifest));

        Assert.Contains($"{manifest}:2: composite name 'x' is already used on line 1", error.Message);
        Assert.Contains($"{manifest}:3: composite '{Path.Combine(dir.Path, "q.jpg")}' does not exist", error.Message);
        Assert.Contains($"{manifest}:3: mask", error.Message);
    }
}
