using System.Globalization;

namespace Harmonia.Evaluation.Charts;

/// <summary>Thrown when a chart table cannot be read; the message names the line and the problem.</summary>
public sealed class ChartTableException(string message) : Exception(message);

/// <summary>
/// Reads the tab-separated tables that charts are drawn from: a header line <c>series	x	y</c>, then one
/// point per line. Lines that are empty or start with '#' are skipped. Series keep the order of their
/// first appearance and their points the order of the file.
/// </summary>
public static class ChartTable
{
    /// <summary>Colours given to series 1, 2, … in order (distinguishable, also in greyscale print).</summary>
    public static IReadOnlyList<(byte R, byte G, byte B)> Palette { get; } =
    [
        (31, 119, 180), (214, 39, 40), (44, 160, 44), (255, 127, 14), (148, 103, 189), (140, 86, 75), (23, 190, 207), (127, 127, 127),
        (188, 189, 34), (227, 119, 194), (0, 0, 0),
    ];

    /// <summary>Parses the table's text into series coloured from <see cref="Palette"/>.</summary>
    /// <exception cref="ChartTableException">A missing or wrong header, a line without three fields, or a number that does not parse.</exception>
    public static IReadOnlyList<ChartSeries> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var order = new List<string>();
        var points = new Dictionary<string, List<(double, double)>>(StringComparer.Ordinal);
        bool headerSeen = false;
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            string[] fields = line.Split('\t');
            if (!headerSeen)
            {
                if (fields.Length != 3 || fields[0] != "series" || fields[1] != "x" || fields[2] != "y")
                    throw new ChartTableException($"line {i + 1}: the header must be 'series<TAB>x<TAB>y'");
                headerSeen = true;
                continue;
            }
            if (fields.Length != 3) throw new ChartTableException($"line {i + 1}: expected 3 tab-separated fields, got {fields.Length}");
            if (!double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double x) ||
                !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double y))
                throw new ChartTableException($"line {i + 1}: x and y must be numbers");
            if (!points.TryGetValue(fields[0], out var list))
            {
                points.Add(fields[0], list = []);
                order.Add(fields[0]);
            }
            list.Add((x, y));
        }
        if (!headerSeen) throw new ChartTableException("the table is empty (it needs the header 'series<TAB>x<TAB>y')");
        return order.Select((name, i) => new ChartSeries(name, points[name], Palette[i % Palette.Count])).ToList();
    }
}
