using Harmonia.Evaluation.Charts;

namespace Harmonia.Evaluation.Tests;

public class LineChartTests
{
    [Fact]
    public void The_table_parser_groups_points_by_series_in_file_order()
    {
        var series = ChartTable.Parse("# curves\nseries\tx\ty\nA\t1\t10\nB\t1\t5\nA\t2\t8.5\n\n");
        Assert.Equal(["A", "B"], series.Select(s => s.Name));
        Assert.Equal([(1.0, 10.0), (2.0, 8.5)], series[0].Points);
        Assert.NotEqual(series[0].Color, series[1].Color);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("name\tx\ty\n", "header")]
    [InlineData("series\tx\ty\nA\t1\n", "line 2: expected 3")]
    [InlineData("series\tx\ty\nA\tone\t2\n", "line 2: x and y must be numbers")]
    public void Bad_tables_are_refused_with_the_line(string text, string expected)
    {
        var error = Assert.Throws<ChartTableException>(() => ChartTable.Parse(text));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Ticks_are_round_and_cover_the_range()
    {
        var ticks = LineChart.NiceTicks(0, 1870);
        Assert.Equal(0, ticks[0]);
        Assert.True(ticks[^1] >= 1870);
        Assert.InRange(ticks.Length, 4, 9);
        Assert.All(ticks.Zip(ticks.Skip(1)), pair => Assert.Equal(ticks[1] - ticks[0], pair.Second - pair.First, 1e-9));
        Assert.Equal([3.0, 4.0, 5.0, 6.0], LineChart.LogTicks(3.2, 5.9));
        Assert.Equal("1500", LineChart.FormatTick(1500));
        Assert.Equal(["0", "5k", "10k", "15k", "20k"], LineChart.FormatLinearTicks([0, 5000, 10000, 15000, 20000]));
        Assert.Equal(["0", "0.5M", "1M", "1.5M"], LineChart.FormatLinearTicks([0, 5e5, 1e6, 1.5e6]));
        Assert.Equal(["0", "250", "500"], LineChart.FormatLinearTicks([0, 250, 500]));
        Assert.Equal("20k", LineChart.FormatTick(20000));
        Assert.Equal("1.2M", LineChart.FormatTick(1.2e6));
        Assert.Equal("0.25", LineChart.FormatTick(0.25));
        Assert.All(new[] { "20k", "1.2M", "0.25", "-3" }, label => Assert.All(label, c => Assert.True(BitmapFont.Supports(c))));
    }

    [Fact]
    public void Lines_are_drawn_in_their_colour_between_the_right_corners()
    {
        var red = ((byte)214, (byte)39, (byte)40);
        var chart = LineChart.Render([new ChartSeries("rising", [(0, 0), (10, 100)], red)], width: 400, height: 300);
        Assert.Equal((400, 300 + LineChart.LegendHeight([new ChartSeries("rising", [], red)], 400), 3), (chart.Width, chart.Height, chart.Channels));
        (byte, byte, byte) At(int x, int y) => (chart.Pixels[3 * (y * 400 + x)], chart.Pixels[3 * (y * 400 + x) + 1], chart.Pixels[3 * (y * 400 + x) + 2]);
        // The plot area spans x 70..370 and y 20..260; the line rises from bottom left to top right.
        // Bresenham's steps may put the 2-pixel line one pixel off the exact midpoint (220, 140).
        Assert.Contains(red, from dx in Enumerable.Range(-2, 5) from dy in Enumerable.Range(-2, 5) select At(220 + dx, 140 + dy));
        Assert.Equal(((byte)255, (byte)255, (byte)255), At(70 + 45, 30)); // between grid lines, far from the line
        Assert.Throws<ArgumentException>(() => LineChart.Render([new ChartSeries("empty", [(double.NaN, 1)], red)]));
    }

    [Theory]
    [InlineData(1e308, -1e308)]
    [InlineData(1, 1e301)]
    public void Values_too_large_to_place_are_refused_in_words(double first, double second)
    {
        var series = new ChartSeries("huge", [(1, first), (2, second)], (200, 0, 0));
        var error = Assert.Throws<ArgumentException>(() => LineChart.Render([series]));
        Assert.Contains("too wide a range", error.Message);
        Assert.DoesNotContain("Parameter", error.Message);
    }

    [Theory]
    [InlineData(1e20)]
    [InlineData(-3e15)]
    [InlineData(0)]
    public void One_value_of_any_size_is_drawn_on_a_span_around_it(double value)
    {
        var series = new ChartSeries("flat", [(value, value), (value, value)], (200, 0, 0));
        var chart = LineChart.Render([series]);
        Assert.Contains(Enumerable.Range(0, chart.Width * chart.Height), i => chart.Pixels[3 * i] == 200 && chart.Pixels[3 * i + 1] == 0);
    }

    [Fact]
    public void The_legend_names_each_series_under_the_chart_in_its_colour()
    {
        var red = ((byte)214, (byte)39, (byte)40);
        var blue = ((byte)31, (byte)119, (byte)180);
        ChartSeries[] series = [new("held-out fMSE", [(0, 10), (1, 5)], red), new("identity fMSE", [(0, 4), (1, 3)], blue)];

        var chart = LineChart.Render(series, width: 400, height: 300);

        int band = LineChart.LegendHeight(series, 400);
        Assert.InRange(band, 20, 60);
        Assert.Equal(300 + band, chart.Height);
        // Each swatch's colour appears in the band, and so does dark text beside it.
        var bandPixels = Enumerable.Range(300 * 400, band * 400).Select(p => (chart.Pixels[3 * p], chart.Pixels[3 * p + 1], chart.Pixels[3 * p + 2])).ToList();
        Assert.Contains(red, bandPixels);
        Assert.Contains(blue, bandPixels);
        Assert.Contains(((byte)60, (byte)60, (byte)60), bandPixels);
        Assert.Equal(0, LineChart.LegendHeight([new ChartSeries("", [(0, 1)], red)], 400));
    }

    [Fact]
    public void Axis_titles_take_room_from_the_plot_not_the_image()
    {
        var red = ((byte)214, (byte)39, (byte)40);
        ChartSeries[] series = [new("", [(0, 0), (10, 100)], red)];
        var plain = LineChart.Render(series, width: 400, height: 300);
        var titled = LineChart.Render(series, width: 400, height: 300, xTitle: "CPU hours", yTitle: "held-out fMSE");

        Assert.Equal((400, 300), (titled.Width, titled.Height));
        Assert.False(plain.Pixels.AsSpan().SequenceEqual(titled.Pixels), "the titles drew nothing");
        // The y title sits above the plot, in its top rows at the left, where the untitled chart is blank.
        static bool DarkIn(Harmonia.Imaging.Image image, int x0, int x1, int y0, int y1) =>
            Enumerable.Range(y0, y1 - y0).Any(y => Enumerable.Range(x0, x1 - x0).Any(x => image.Pixels[3 * (y * image.Width + x)] == 60));
        Assert.True(DarkIn(titled, 8, 100, 14, 28));
        Assert.False(DarkIn(plain, 8, 60, 0, 12));
        Assert.Throws<ArgumentException>(() => LineChart.Render(series, width: 400, height: 130, xTitle: "x", yTitle: "y"));
    }

    [Fact]
    public void Every_printable_ascii_character_has_a_glyph_and_long_text_is_cut_to_fit()
    {
        for (char c = ' '; c <= '~'; c++) Assert.True(BitmapFont.Supports(c), $"no glyph for '{c}'");
        Assert.True(BitmapFont.Supports('²'));
        string fitted = BitmapFont.Fit("lighting slice fMSE, runs 4-5", 100, 2);
        Assert.EndsWith("..", fitted);
        Assert.True(BitmapFont.Width(fitted, 2) <= 100);
        Assert.Equal("fMSE", BitmapFont.Fit("fMSE", 100, 2));
    }
}
