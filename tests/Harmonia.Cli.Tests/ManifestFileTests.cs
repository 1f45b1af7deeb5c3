using Harmonia.Cli.Batch;
using Harmonia.Cli.Errors;

namespace Harmonia.Cli.Tests;

public class ManifestFileTests
{
    private const string Base = "/data/batch";

    [Fact]
    public void Tab_and_comma_lines_resolve_relative_to_the_manifest_folder_in_file_order()
    {
        var text = "b/second.jpg\tb/second_mask.png\r\n# a comment\n\n  a/first.png , masks/first.png \n/abs/third.jpeg,/abs/third_m.png\n";

        var pairs = ManifestFile.Parse(text, Base, "list.txt");

        Assert.Equal(
            [
                new ImagePair("second", "/data/batch/b/second.jpg", "/data/batch/b/second_mask.png"),
                new ImagePair("first", "/data/batch/a/first.png", "/data/batch/masks/first.png"),
                new ImagePair("third", "/abs/third.jpeg", "/abs/third_m.png"),
            ],
            pairs);
    }

    [Fact]
    public void A_tab_line_may_hold_commas_in_its_paths()
    {
        var pairs = ManifestFile.Parse("x,1.png\tx,1_mask.png", Base, "list.txt");

        Assert.Equal(new ImagePair("x,1", "/data/batch/x,1.png", "/data/batch/x,1_mask.png"), Assert.Single(pairs));
    }

    [Theory]
    [InlineData("a.png", "list.txt:1", "1 field(s)")]
    [InlineData("ok.png,ok_mask.png\na.png,b.png,c.png", "list.txt:2", "3 field(s)")]
    [InlineData("a.png\t\t", "list.txt:1", "3 field(s)")]
    [InlineData(" ,m.png", "list.txt:1", "empty composite path")]
    [InlineData("a.png, ", "list.txt:1", "empty mask path")]
    public void Malformed_lines_are_errors_naming_file_and_line(string text, string where, string why)
    {
        var error = Assert.Throws<CliException>(() => ManifestFile.Parse(text, Base, "list.txt"));

        Assert.Equal(where, error.What);
        Assert.Contains(why, error.Why);
    }

    [Fact]
    public void Comments_and_blank_lines_only_give_no_pairs()
    {
        Assert.Empty(ManifestFile.Parse("# nothing yet\n\n   \n", Base, "list.txt"));
    }

    [Fact]
    public void Read_uses_the_manifests_own_folder()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("list.tsv"), "c.png\tm.png\n");

        var pair = Assert.Single(ManifestFile.Read(folder.File("list.tsv")));

        Assert.Equal(folder.File("c.png"), pair.Composite);
        Assert.Equal(folder.File("m.png"), pair.Mask);
    }
}
