using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Tests;

/// <summary>
/// Very thin images resized to a square working size (issue 13, defect 2): filtering rows first
/// would make an intermediate of newWidth × height, which for 1 × 3,000,000 to 256 × 256
/// overflowed a buffer length; the columns must go first there, in memory proportional to
/// the source and the result.
/// </summary>
public class ThinImageResizeTests
{
    private const int TallHeight = 3_000_000;

    private static Image TallRgbColumn()
    {
        var pixels = new byte[TallHeight * 3];
        for (int y = 0; y < TallHeight; y++)
        {
            pixels[3 * y] = (byte)(y * 255L / (TallHeight - 1)); // a ramp from top to bottom
            pixels[3 * y + 1] = 100;
            pixels[3 * y + 2] = (byte)(y / 1000 % 2 * 200);
        }
        return new Image(1, TallHeight, 3, pixels);
    }

    [Theory]
    [InlineData(ResamplingFilter.Bilinear)]
    [InlineData(ResamplingFilter.Bicubic)]
    public void One_pixel_wide_column_resizes_to_a_square_in_proportional_memory(ResamplingFilter filter)
    {
        var column = TallRgbColumn();

        long before = GC.GetAllocatedBytesForCurrentThread();
        var square = ImageResizer.Resize(column, 256, 256, filter);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((256, 256, 3), (square.Width, square.Height, square.Channels));
        // The filter weights take most of it (one per source row and tap, up to 145 MB for bicubic);
        // filtering the rows first would need a 2.3 GB intermediate, more than one array can hold.
        Assert.True(allocated < 256 << 20, $"allocated {allocated} bytes for a 9 MB source and a 192 KB result");
        // Widening one pixel repeats it, so every row is its column-only resize, repeated.
        var narrow = ImageResizer.Resize(column, 1, 256, filter);
        for (int y = 0; y < 256; y++)
            for (int x = 0; x < 256; x++)
                for (int c = 0; c < 3; c++)
                    Assert.Equal(narrow.Pixels[3 * y + c], square.Pixels[(y * 256 + x) * 3 + c]);
        Assert.InRange(square.Pixels[0], 0, 2);
        Assert.InRange(square.Pixels[(255 * 256) * 3], 253, 255);
    }

    [Fact]
    public void One_pixel_wide_float_planes_resize_to_a_square_in_proportional_memory()
    {
        var planes = new float[2 * TallHeight];
        for (int i = 0; i < planes.Length; i++) planes[i] = i % TallHeight / (float)TallHeight;

        long before = GC.GetAllocatedBytesForCurrentThread();
        var square = PlaneResizer.Resize(planes, 2, TallHeight, 1, 256, 256, ResamplingFilter.Bilinear);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(2 * 256 * 256, square.Length);
        // The 24 MB input copy and the filter weights; a rows-first pass would allocate 6 GB.
        Assert.True(allocated < 256 << 20, $"allocated {allocated} bytes");
        for (int row = 0; row < 2 * 256; row++)
            for (int x = 1; x < 256; x++)
                Assert.Equal(square[row * 256], square[row * 256 + x]);
        Assert.InRange(square[255 * 256], 0.99f, 1f);
    }

    [Fact]
    public void Tall_png_found_by_fuzzing_decodes_and_resizes_to_the_working_size()
    {
        // 5.9 KB of PNG declaring 1 x 3,000,000 pixels: within the pixel limit, so it must work.
        var image = ImageFile.Load(TestDataPaths.Hostile("png_tall_1x3000000.png"));
        Assert.Equal((1, TallHeight), (image.Width, image.Height));

        // As the harmonizer does: RGB first, then the working size.
        var square = ImageResizer.Resize(ChannelConversion.ToRgb(image), 256, 256, ResamplingFilter.Bicubic);

        Assert.Equal((256, 256, 3), (square.Width, square.Height, square.Channels));
    }

    [Fact]
    public void Everyday_resizes_keep_pillows_rows_first_order()
    {
        // Pillow parity depends on the order; only intermediates over four times the larger image change it.
        Assert.True(SeparablePassOrder.RowsFirst(37, 29, 74, 10));
        Assert.True(SeparablePassOrder.RowsFirst(4000, 3000, 256, 256));
        Assert.True(SeparablePassOrder.RowsFirst(256, 256, 4000, 3000));
        Assert.False(SeparablePassOrder.RowsFirst(1, 3_000_000, 256, 256));
    }
}
