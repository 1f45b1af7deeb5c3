using System.Globalization;
using Harmonia.Imaging;

namespace Harmonia.Evaluation.Charts;

/// <summary>One line of a <see cref="LineChart"/>: its points in drawing order and its colour.</summary>
/// <param name="Name">The series' name, shown in the legend.</param>
/// <param name="Points">(x, y) pairs; non-finite values are skipped.</param>
/// <param name="Color">RGB colour of the line and its markers.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points, (byte R, byte G, byte B) Color);

/// <summary>A horizontal reference line, drawn dashed (a baseline or a target).</summary>
/// <param name="Y">Its height on the y axis.</param>
/// <param name="Color">RGB colour.</param>
public sealed record ChartGuide(double Y, (byte R, byte G, byte B) Color);

/// <summary>
/// Draws line charts as RGB images with no font or graphics library: axes with round-number ticks,
/// grid lines, text in a built-in 5×7 font (<see cref="BitmapFont"/>), one coloured line with square
/// markers per series, dashed guides, optional axis titles, and a legend of the series' names in a
/// band under the chart, so the picture can be read without its caption.
/// </summary>
public static class LineChart
{
    private const int LeftMargin = 70, RightMargin = 30, TopMargin = 20, BottomMargin = 40, Scale = 2;
    private const int TextHeight = BitmapFont.GlyphHeight * Scale;
    private const int LegendLeft = 10, LegendRow = 22, Swatch = 24, SwatchGap = 8, ColumnGap = 24;

    /// <summary>
    /// Renders the chart. <paramref name="width"/> × <paramref name="height"/> is the chart with its
    /// axes and titles; the legend (series with a name) adds a band of rows under it, so the image is
    /// taller by <see cref="LegendHeight"/>.
    /// </summary>
    /// <param name="series">The lines, drawn and listed in order.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Height of the chart above the legend, in pixels.</param>
    /// <param name="logX">Puts x on a base-10 log scale (x must then be positive).</param>
    /// <param name="guides">Dashed horizontal lines.</param>
    /// <param name="xTitle">What x measures, written centred under the axis; null for none.</param>
    /// <param name="yTitle">What y measures, written above the axis; null for none.</param>
    /// <exception cref="ArgumentException">No finite point to draw, or a size too small for the margins.</exception>
    public static Image Render(IReadOnlyList<ChartSeries> series, int width = 720, int height = 420, bool logX = false,
        IReadOnlyList<ChartGuide>? guides = null, string? xTitle = null, string? yTitle = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (width < LeftMargin + RightMargin + 50 || height < TopMargin + BottomMargin + 50)
            throw new ArgumentException($"A chart needs at least {LeftMargin + RightMargin + 50}x{TopMargin + BottomMargin + 50} pixels.");
        guides ??= [];
        double Tx(double x) => logX ? Math.Log10(x) : x;
        var points = series.SelectMany(s => s.Points)
            .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y) && (!logX || p.X > 0)).ToList();
        // Data errors, not programming errors: the messages are shown to users as they are (no parameter name).
        if (points.Count == 0) throw new ArgumentException("the chart has no finite point to draw");

        var (xLow, xHigh) = Span(points.Select(p => Tx(p.X)));
        var (yLow, yHigh) = Span(points.Select(p => p.Y).Concat(guides.Select(g => g.Y)).Where(double.IsFinite));
        if (!IsDrawable(xLow, xHigh) || !IsDrawable(Math.Min(0, yLow), yHigh))
            throw new ArgumentException($"the values span too wide a range to draw (x {xLow:G3} to {xHigh:G3}, y {yLow:G3} to {yHigh:G3}; at most ±{MaxMagnitude:G0})");
        var xTicks = logX ? LogTicks(xLow, xHigh) : NiceTicks(xLow, xHigh);
        var yTicks = NiceTicks(Math.Min(0, yLow), yHigh);
        xLow = Math.Min(xLow, xTicks[0]); xHigh = Math.Max(xHigh, xTicks[^1]);
        yLow = yTicks[0]; yHigh = yTicks[^1];

        bool hasXTitle = !string.IsNullOrWhiteSpace(xTitle), hasYTitle = !string.IsNullOrWhiteSpace(yTitle);
        int plotLeft = LeftMargin, plotRight = width - RightMargin;
        int plotTop = TopMargin + (hasYTitle ? TextHeight + 8 : 0);
        int plotBottom = height - BottomMargin - (hasXTitle ? TextHeight + 10 : 0);
        if (plotBottom - plotTop < 50) throw new ArgumentException("the chart is too short for its titles");
        var canvas = new Canvas(width, height + LegendHeight(series, width));
        int Px(double x) => plotLeft + (int)Math.Round((Tx(x) - xLow) / (xHigh - xLow) * (plotRight - plotLeft));
        int PxT(double tx) => plotLeft + (int)Math.Round((tx - xLow) / (xHigh - xLow) * (plotRight - plotLeft));
        int Py(double y) => plotBottom - (int)Math.Round((y - yLow) / (yHigh - yLow) * (plotBottom - plotTop));

        (byte, byte, byte) grid = (225, 225, 225), axis = (60, 60, 60);
        string[] yLabels = FormatLinearTicks(yTicks);
        for (int i = 0; i < yTicks.Length; i++)
        {
            double t = yTicks[i];
            canvas.Line(plotLeft, Py(t), plotRight, Py(t), grid, 1);
            canvas.Text(yLabels[i], plotLeft - 8 - BitmapFont.Width(yLabels[i], Scale), Py(t) - BitmapFont.GlyphHeight * Scale / 2, axis, Scale);
        }
        string[] xLabels = logX ? xTicks.Select(t => FormatTick(Math.Pow(10, t))).ToArray() : FormatLinearTicks(xTicks);
        for (int i = 0; i < xTicks.Length; i++)
        {
            double t = xTicks[i];
            canvas.Line(PxT(t), plotTop, PxT(t), plotBottom, grid, 1);
            canvas.Text(xLabels[i], PxT(t) - BitmapFont.Width(xLabels[i], Scale) / 2, plotBottom + 10, axis, Scale);
        }
        if (hasYTitle) canvas.Text(BitmapFont.Fit(yTitle!, width - 16, Scale), 8, TopMargin - 6, axis, Scale);
        if (hasXTitle)
        {
            string title = BitmapFont.Fit(xTitle!, width - 16, Scale);
            canvas.Text(title, (plotLeft + plotRight) / 2 - BitmapFont.Width(title, Scale) / 2, plotBottom + 10 + TextHeight + 12, axis, Scale);
        }
        canvas.Line(plotLeft, plotBottom, plotRight, plotBottom, axis, 1);
        canvas.Line(plotLeft, plotTop, plotLeft, plotBottom, axis, 1);
        foreach (var guide in guides)
            for (int x = plotLeft; x < plotRight; x += 12) canvas.Line(x, Py(guide.Y), Math.Min(x + 6, plotRight), Py(guide.Y), guide.Color, 2);

        for (int s = 0; s < series.Count; s++)
        {
            var color = series[s].Color;
            var drawn = series[s].Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y) && (!logX || p.X > 0)).ToList();
            for (int i = 1; i < drawn.Count; i++)
                canvas.Line(Px(drawn[i - 1].X), Py(drawn[i - 1].Y), Px(drawn[i].X), Py(drawn[i].Y), color, 2);
            foreach (var p in drawn) canvas.Square(Px(p.X), Py(p.Y), 3, color);
        }

        // Legend: a swatch and the series' name per entry, in columns under the chart.
        var legend = LegendLayout.Of(series, width);
        for (int i = 0; i < legend.Named.Count; i++)
        {
            int x = LegendLeft + i % legend.Columns * legend.ColumnWidth, y = height + i / legend.Columns * LegendRow + 4;
            canvas.Line(x, y + TextHeight / 2, x + Swatch, y + TextHeight / 2, legend.Named[i].Color, 3);
            canvas.Text(BitmapFont.Fit(legend.Named[i].Name, legend.ColumnWidth - Swatch - SwatchGap - ColumnGap / 2, Scale), x + Swatch + SwatchGap, y, axis, Scale);
        }
        return canvas.ToImage();
    }

    /// <summary>Height in pixels of the legend band <see cref="Render"/> adds under a chart <paramref name="width"/> wide: 0 when no series has a name.</summary>
    public static int LegendHeight(IReadOnlyList<ChartSeries> series, int width)
    {
        ArgumentNullException.ThrowIfNull(series);
        return LegendLayout.Of(series, width).Height;
    }

    /// <summary>
    /// The legend's entries (the series with a name) in as many equal columns as the longest name allows
    /// across the image, at least one (long names are cut to fit), and the height of the band they fill.
    /// </summary>
    private sealed record LegendLayout(IReadOnlyList<ChartSeries> Named, int Columns, int ColumnWidth)
    {
        public int Height => Named.Count == 0 ? 0 : (Named.Count + Columns - 1) / Columns * LegendRow + 8;

        public static LegendLayout Of(IReadOnlyList<ChartSeries> series, int width)
        {
            var named = series.Where(s => !string.IsNullOrWhiteSpace(s.Name)).ToList();
            int available = width - 2 * LegendLeft;
            int longest = named.Select(s => BitmapFont.Width(s.Name, Scale)).DefaultIfEmpty(0).Max();
            int columns = Math.Max(1, Math.Min(named.Count, available / (Swatch + SwatchGap + longest + ColumnGap)));
            return new LegendLayout(named, columns, available / columns);
        }
    }

    /// <summary>Round tick values covering [low, high]: 4 to 8 steps of 1, 2 or 5 times a power of ten.</summary>
    public static double[] NiceTicks(double low, double high)
    {
        if (high <= low) high = low + 1;
        double rough = (high - low) / 5;
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * power).First(s => (high - low) / s <= 8);
        double first = Math.Floor(low / step) * step, last = Math.Ceiling(high / step) * step;
        int count = (int)Math.Round((last - first) / step) + 1;
        return Enumerable.Range(0, count).Select(i => Math.Round(first + i * step, 10)).ToArray();
    }

    /// <summary>Whole powers of ten (as log10 values) covering [low, high] in log10 units.</summary>
    public static double[] LogTicks(double low, double high)
    {
        double first = Math.Floor(low), last = Math.Max(Math.Ceiling(high), first + 1);
        return Enumerable.Range(0, (int)(last - first) + 1).Select(i => first + i).ToArray();
    }

    /// <summary>A tick label: "950", "1.5k", "2M", "0.25", with no more than three significant digits.</summary>
    public static string FormatTick(double value)
    {
        double magnitude = Math.Abs(value);
        if (UnitFor(magnitude) is { } unit) return InUnit(value, unit.Size, unit.Suffix);
        if (magnitude >= 100 || value == Math.Round(value)) return value.ToString("0", CultureInfo.InvariantCulture);
        return value.ToString("0.###", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The labels of a linear axis, all in one unit: thousands ("5k", "10k") or millions when the
    /// axis reaches 10,000 or 1,000,000, so that "5000" never stands beside "10k".
    /// </summary>
    public static string[] FormatLinearTicks(IReadOnlyList<double> ticks)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        double largest = ticks.Select(Math.Abs).DefaultIfEmpty(0).Max();
        return UnitFor(largest) is { } unit
            ? ticks.Select(t => t == 0 ? "0" : InUnit(t, unit.Size, unit.Suffix)).ToArray()
            : ticks.Select(FormatTick).ToArray();
    }

    // The unit a number of this magnitude is written in: millions from 1,000,000, thousands from 10,000, else none.
    private static (double Size, string Suffix)? UnitFor(double magnitude) =>
        magnitude >= 1e6 ? (1e6, "M") : magnitude >= 1e4 ? (1e3, "k") : null;

    /// <summary><paramref name="value"/> counted in <paramref name="unit"/>s, with up to two decimals and the unit's <paramref name="suffix"/>: "1.5k".</summary>
    private static string InUnit(double value, double unit, string suffix) =>
        (value / unit).ToString("0.##", CultureInfo.InvariantCulture) + suffix;

    // Ticks are steps of 1, 2 or 5 times a power of ten between the ends, and pixel positions are
    // fractions of the span: both need the span itself to be a finite number.
    private const double MaxMagnitude = 1e300;

    private static bool IsDrawable(double low, double high) => Math.Abs(low) <= MaxMagnitude && Math.Abs(high) <= MaxMagnitude;

    private static (double Low, double High) Span(IEnumerable<double> values)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (double v in values) { low = Math.Min(low, v); high = Math.Max(high, v); }
        // One value (or equal ones): widen to a span the ticks can divide, even where 0.5 is below the value's precision.
        if (high - low < 1e-12)
        {
            double pad = Math.Max(0.5, Math.Abs(low) * 1e-6);
            low -= pad; high += pad;
        }
        return (low, high);
    }

    /// <summary>A white RGB raster with the few drawing operations a chart needs.</summary>
    private sealed class Canvas(int width, int height)
    {
        private readonly byte[] pixels = Enumerable.Repeat((byte)255, width * height * 3).ToArray();

        public void Set(int x, int y, (byte R, byte G, byte B) c)
        {
            if ((uint)x >= (uint)width || (uint)y >= (uint)height) return;
            int i = 3 * (y * width + x);
            pixels[i] = c.R; pixels[i + 1] = c.G; pixels[i + 2] = c.B;
        }

        public void Square(int cx, int cy, int half, (byte, byte, byte) c)
        {
            for (int y = cy - half; y <= cy + half; y++)
                for (int x = cx - half; x <= cx + half; x++) Set(x, y, c);
        }

        // Bresenham's line, thickened by drawing a small square at each step.
        public void Line(int x0, int y0, int x1, int y1, (byte, byte, byte) c, int thickness)
        {
            int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, error = dx + dy;
            while (true)
            {
                for (int oy = 0; oy < thickness; oy++)
                    for (int ox = 0; ox < thickness; ox++) Set(x0 + ox - thickness / 2, y0 + oy - thickness / 2, c);
                if (x0 == x1 && y0 == y1) break;
                int twice = 2 * error;
                if (twice >= dy) { error += dy; x0 += sx; }
                if (twice <= dx) { error += dx; y0 += sy; }
            }
        }

        public void Text(string text, int x, int y, (byte, byte, byte) c, int scale) =>
            BitmapFont.Draw(text, x, y, scale, (px, py) => Set(px, py, c));

        public Image ToImage() => new(width, height, 3, pixels);
    }
}
