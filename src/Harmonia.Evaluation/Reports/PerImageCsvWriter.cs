using Harmonia.Imaging;
using System.Globalization;
using System.Text;
using Harmonia.Tensors.Files;

namespace Harmonia.Evaluation.Reports;

/// <summary>
/// Writes per_image.csv per RFC 4180: header
/// <c>subset,name,foreground_ratio,mse,fmse,psnr,fpsnr,ssim,delta_l,delta_a,delta_b</c> (the last three the
/// object's Lab shift, NaN when not measured), CRLF line breaks, and any field holding a
/// comma, double quote, CR or LF enclosed in double quotes with inner quotes doubled. Numbers use the
/// shortest round-trip invariant form; non-finite values are written "Infinity", "-Infinity" and "NaN"
/// (an empty mask's fMSE/fPSNR), which .NET's and Python's float parsers both accept.
/// </summary>
public static class PerImageCsvWriter
{
    /// <summary>The header line's field names.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["subset", "name", "foreground_ratio", "mse", "fmse", "psnr", "fpsnr", "ssim", "delta_l", "delta_a", "delta_b"];

    /// <summary>The whole CSV as text.</summary>
    public static string Render(IEnumerable<ImageRecord> records)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        WriteTo(text, records);
        return text.ToString();
    }

    /// <summary>Atomically writes the CSV to <paramref name="path"/>, streaming the rows (UTF-8, no BOM).</summary>
    public static void Write(IEnumerable<ImageRecord> records, string path)
    {
        ArgumentNullException.ThrowIfNull(records);
        AtomicFileWriter.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), bufferSize: 1 << 16, leaveOpen: true);
            WriteTo(writer, records);
        });
    }

    /// <summary>Quotes one field if RFC 4180 requires it.</summary>
    public static string QuoteField(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0) return field;
        return "\"" + field.Replace("\"", "\"\"") + "\"";
    }

    private static void WriteTo(TextWriter writer, IEnumerable<ImageRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        writer.Write(string.Join(',', Columns));
        writer.Write("\r\n");
        foreach (ImageRecord record in records)
        {
            if (record is null) throw new ArgumentException("The records contain a null entry.", nameof(records));
            writer.Write(QuoteField(record.Subset ?? ""));
            writer.Write(',');
            writer.Write(QuoteField(record.Name ?? ""));
            var shift = record.LabShift;
            foreach (double value in (ReadOnlySpan<double>)[record.ForegroundRatio, record.Mse, record.Fmse, record.Psnr, record.Fpsnr, record.Ssim,
                         shift?.DeltaL ?? double.NaN, shift?.DeltaA ?? double.NaN, shift?.DeltaB ?? double.NaN])
            {
                writer.Write(',');
                writer.Write(FormatNumber(value));
            }
            writer.Write("\r\n");
        }
    }

    private static string FormatNumber(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "Infinity";
        if (double.IsNegativeInfinity(value)) return "-Infinity";
        return value.ToString("R", CultureInfo.InvariantCulture);
    }
}
