using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Cli.Tests;

public class SheetTests
{
    // A temporary folder with images/ and masks/ holding the pair "a" (32×24); the caller deletes root.
    private static (string Root, string Images, string Masks) FolderWithPairA()
    {
        string root = Directory.CreateTempSubdirectory("harmonia-sheet-").FullName;
        string images = Directory.CreateDirectory(Path.Combine(root, "images")).FullName;
        string masks = Directory.CreateDirectory(Path.Combine(root, "masks")).FullName;
        TestPictures.WritePair(Path.Combine(images, "a.png"), Path.Combine(masks, "a.png"), 32, 24);
        return (root, images, masks);
    }

    // Runs 'sheet' at size 32 with one column per argument, requires success, and returns the table's rows
    // (composite, column, ΔL*, chroma before and after, hue shift, family change) after checking their columns.
    private static List<string[]> SheetRows(string root, string images, string masks, params string[] columns)
    {
        var result = CliHarness.Run(["sheet", "--composites", images, "--masks", masks,
            .. columns.SelectMany(c => new[] { "--column", c }), "--out", Path.Combine(root, "sheet.png"), "--size", "32"]);
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var rows = File.ReadAllLines(Path.Combine(root, "sheet.tsv")).Skip(1).Select(line => line.Split('\t')).ToList();
        Assert.Equal(columns, rows.Select(r => r[1]));
        return rows;
    }

    // Runs 'sheet' with one column that must be refused, and returns what it printed.
    private static CliResult RefusedColumn(string root, string images, string masks, string column)
    {
        var result = CliHarness.Run("sheet", "--composites", images, "--masks", masks, "--column", column, "--out", Path.Combine(root, "bad.png"), "--size", "32");
        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.False(File.Exists(Path.Combine(root, "bad.png")));
        return result;
    }

    [Fact]
    public void A_sheet_has_one_row_per_matched_pair_and_one_panel_per_column_plus_the_composite()
    {
        var (root, images, masks) = FolderWithPairA();
        try
        {
            TestPictures.WritePair(Path.Combine(images, "b.png"), Path.Combine(masks, "b.png"), 32, 24);
            TestPictures.WritePair(Path.Combine(images, "unmatched.png"), Path.Combine(root, "elsewhere.png"), 32, 24);
            string sheet = Path.Combine(root, "sheet.png");

            // 36 is not a multiple of 8, which the baselines do not need (sheet refused it before it checked per model).
            var result = CliHarness.Run("sheet", "--composites", images, "--masks", masks, "--column", "composite", "--column", "reinhard", "--out", sheet, "--size", "36");

            Assert.Equal(ExitCodes.Success, result.ExitCode);
            var picture = ImageFile.Load(sheet);
            Assert.Equal(3 * 32 + 2 * 6, picture.Width);
            Assert.Equal(2 * 24 + 6, picture.Height);
            // The second panel is the unchanged composite: its pixels equal the file's.
            var composite = ImageFile.Load(Path.Combine(images, "a.png"));
            Assert.Equal(composite.Pixels.AsSpan(0, 32 * 3).ToArray(), picture.Pixels.AsSpan((32 + 6) * 3, 32 * 3).ToArray());

            // The table of colour changes: the unchanged composite moves nothing; Reinhard's transfer
            // paints the cold object in the warm background's colours, a change of hue family.
            var table = File.ReadAllLines(Path.Combine(root, "sheet.tsv"));
            Assert.Equal(1 + 2 * 2, table.Length);
            Assert.Equal(["a", "composite", "0.00", table[1].Split('\t')[3], table[1].Split('\t')[3], "0.0", "0"], table[1].Split('\t'));
            Assert.Contains("composite: 0 of 2 objects change hue family", result.Out);
            Assert.Contains("reinhard: 2 of 2 objects change hue family (a, b)", result.Out);
            // The table is the user's file too: not replaced without --overwrite.
            var again = CliHarness.Run("sheet", "--composites", images, "--masks", masks, "--column", "composite", "--out", Path.Combine(root, "sheet.jpg"), "--size", "32");
            Assert.Equal(ExitCodes.RuntimeError, again.ExitCode);
            Assert.Contains("sheet.tsv", again.Error);

            var unknown = CliHarness.Run("sheet", "--composites", images, "--masks", masks, "--column", "no-such-model", "--out", Path.Combine(root, "x.png"));
            Assert.Equal(ExitCodes.RuntimeError, unknown.ExitCode);
            Assert.Contains("no-such-model", unknown.Error);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void A_column_can_set_its_own_minimum_change()
    {
        var (root, images, masks) = FolderWithPairA();
        try
        {
            var rows = SheetRows(root, images, masks, "hdnet-lite:min-change=0", "hdnet-lite:min-change=255");
            // The model moves the cold object; a minimum above any change leaves it as it was.
            Assert.NotEqual("0.00", rows[0][2]);
            Assert.Equal("0.00", rows[1][2]);

            Assert.Contains("min-change", RefusedColumn(root, images, masks, "hdnet-lite:min-change=-2").Error);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void A_column_can_set_its_own_color_guard()
    {
        var (root, images, masks) = FolderWithPairA();
        try
        {
            var rows = SheetRows(root, images, masks, "hdnet-lite:min-change=0:color-guard=off", "hdnet-lite:min-change=0:color-guard=0,1");
            double Value(int row, int column) => double.Parse(rows[row][column], System.Globalization.CultureInfo.InvariantCulture);
            // Unguarded, the model turns or greys the cold object; a guard of no hue turn and no chroma lost
            // holds its mean hue and chroma (to the 8-bit rounding of a 32×32 picture).
            Assert.True(Math.Abs(Value(0, 5)) > 2 || Value(0, 4) < Value(0, 3) - 0.5, string.Join(' ', rows[0]));
            Assert.InRange(Math.Abs(Value(1, 5)), 0, 1);
            Assert.True(Value(1, 4) >= Value(1, 3) - 0.3, string.Join(' ', rows[1]));

            Assert.Contains("color-guard expected 'on', 'off' or 'DEGREES,KEPT'", RefusedColumn(root, images, masks, "hdnet-lite:color-guard=sometimes").Error);
            Assert.Contains("not to ':dense'", RefusedColumn(root, images, masks, "hdnet-lite:color-guard=off:dense").Error);
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
