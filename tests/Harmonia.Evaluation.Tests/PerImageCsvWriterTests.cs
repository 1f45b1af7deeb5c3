using System.Text;
using Harmonia.Evaluation.Reports;

namespace Harmonia.Evaluation.Tests;

public class PerImageCsvWriterTests
{
    [Fact]
    public void HeaderAndPlainRowUseCrlfAndRoundTripNumbers()
    {
        string csv = PerImageCsvWriter.Render([new ImageRecord("HCOCO", "c1.jpg", 0.25, 1.5, 12.0, 46.37, 37.34, 0.9875)]);
        Assert.Equal(
            "subset,name,foreground_ratio,mse,fmse,psnr,fpsnr,ssim,delta_l,delta_a,delta_b\r\n" +
            "HCOCO,c1.jpg,0.25,1.5,12,46.37,37.34,0.9875,NaN,NaN,NaN\r\n", csv);
    }

    [Fact]
    public void FieldsWithCommaQuoteOrLineBreakAreQuotedWithDoubledQuotes()
    {
        Assert.Equal("plain", PerImageCsvWriter.QuoteField("plain"));
        Assert.Equal("\"a,b\"", PerImageCsvWriter.QuoteField("a,b"));
        Assert.Equal("\"say \"\"hi\"\"\"", PerImageCsvWriter.QuoteField("say \"hi\""));
        Assert.Equal("\"two\nlines\"", PerImageCsvWriter.QuoteField("two\nlines"));
        Assert.Equal("\"cr\rhere\"", PerImageCsvWriter.QuoteField("cr\rhere"));
    }

    [Fact]
    public void AwkwardNamesSurviveAParseBack()
    {
        string awkward = "dir, \"x\"/img\r\n2.jpg";
        string csv = PerImageCsvWriter.Render([new ImageRecord("Sub,set", awkward, 0.1, 1, 2, 3, 4, 0.5)]);
        List<List<string>> rows = ParseRfc4180(csv);
        Assert.Equal(2, rows.Count);
        Assert.Equal(["Sub,set", awkward, "0.1", "1", "2", "3", "4", "0.5", "NaN", "NaN", "NaN"], rows[1]);
    }

    [Fact]
    public void NonFiniteValuesAreSpelledOut()
    {
        string csv = PerImageCsvWriter.Render([new ImageRecord("S", "n", 0, 0, double.NaN, double.PositiveInfinity, double.NaN, 1)]);
        Assert.EndsWith("S,n,0,0,NaN,Infinity,NaN,1,NaN,NaN,NaN\r\n", csv);
    }

    [Fact]
    public void WriteStreamsTheSameBytesAsRender()
    {
        ImageRecord[] records = [new("A", "x,y", 0.5, 1, 2, 3, 4, 0.5), new("B", "z", 0.1, 5, 6, 7, 8, 0.25)];
        string directory = Directory.CreateTempSubdirectory("harmonia-csv-").FullName;
        try
        {
            string path = Path.Combine(directory, "per_image.csv");
            PerImageCsvWriter.Write(records, path);
            byte[] bytes = File.ReadAllBytes(path);
            Assert.Equal(Encoding.UTF8.GetBytes(PerImageCsvWriter.Render(records)), bytes); // also: no BOM
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    // A minimal RFC 4180 reader, to check that what the writer quotes reads back unchanged.
    private static List<List<string>> ParseRfc4180(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString()); field.Clear();
                rows.Add(row); row = [];
                i++;
            }
            else field.Append(ch);
        }
        Assert.False(quoted, "unterminated quoted field");
        Assert.Empty(row);
        return rows;
    }
}
