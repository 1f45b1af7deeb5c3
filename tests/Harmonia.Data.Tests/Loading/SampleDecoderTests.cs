using Harmonia.Data.Datasets;
using Harmonia.Data.Loading;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Data.Tests.Loading;

public class SampleDecoderTests
{
    private static HarmonizationSample WriteSample(TempDirectory dir, Image composite, Image? real, Image mask)
    {
        ImageFile.Save(dir.File("c.png"), composite);
        ImageFile.Save(dir.File("m.png"), mask);
        if (real is not null) ImageFile.Save(dir.File("r.png"), real);
        return new HarmonizationSample("S", "c", dir.File("c.png"), dir.File("m.png"), real is null ? null : dir.File("r.png"));
    }

    [Fact]
    public void Composing_the_background_from_the_real_photo_keeps_only_the_foreground_of_the_composite()
    {
        using var dir = new TempDirectory();
        var sample = WriteSample(dir, TestImages.Solid(4, 2, 200, 10, 10), TestImages.Solid(4, 2, 0, 100, 0), TestImages.RectangleMask(4, 2, 0, 0, 1, 1));

        var decoded = SampleDecoder.Decode(sample, null, null, new SamplePreprocessing { ComposeBackgroundFromReal = true });

        Assert.Equal(200f / 255f, decoded.Composite[0]);           // foreground pixel (0,0), red plane
        Assert.Equal(0f, decoded.Composite[1]);                     // background pixel takes the real photo's red
        Assert.Equal(100f / 255f, decoded.Composite[8 + 1]);        // ... and its green
        var asStored = SampleDecoder.Decode(sample, null, null, new SamplePreprocessing());
        Assert.Equal(200f / 255f, asStored.Composite[1]);           // off by default
    }

    [Fact]
    public void Mask_size_mismatch_is_an_error_unless_resizing_is_asked_for()
    {
        using var dir = new TempDirectory();
        var sample = WriteSample(dir, TestImages.Solid(8, 8, 1, 2, 3), null, TestImages.RectangleMask(4, 4, 0, 0, 2, 2));

        var error = Assert.Throws<DatasetException>(() => SampleDecoder.Decode(sample, null, null, new SamplePreprocessing()));
        Assert.Contains(sample.MaskPath, error.Message);
        Assert.Contains("4x4", error.Message);

        var resized = SampleDecoder.Decode(sample, null, null, new SamplePreprocessing { MaskSizeMismatch = MaskSizeMismatch.ResizeNearest });
        Assert.Equal(16f, resized.Mask.Sum());
    }

    /// <summary>A dataset whose "mask" is a colour picture fails on that sample, naming the mask file, instead of training on a wrong mask.</summary>
    [Fact]
    public void A_colour_picture_as_the_mask_is_an_error_naming_the_mask_file()
    {
        using var dir = new TempDirectory();
        var sample = WriteSample(dir, TestImages.Solid(8, 8, 1, 2, 3), null, TestImages.Solid(8, 8, 200, 40, 90));

        var error = Assert.Throws<DatasetException>(() => SampleDecoder.Decode(sample, null, null, new SamplePreprocessing()));
        Assert.Contains(sample.MaskPath, error.Message);
        Assert.Contains("colour picture", error.Message);
    }

    [Fact]
    public void Real_photo_of_another_size_is_an_error_naming_both_files()
    {
        using var dir = new TempDirectory();
        var sample = WriteSample(dir, TestImages.Solid(8, 8, 1, 2, 3), TestImages.Solid(8, 7, 1, 2, 3), TestImages.RectangleMask(8, 8, 0, 0, 2, 2));
        var error = Assert.Throws<DatasetException>(() => SampleDecoder.Decode(sample, 4, 4, new SamplePreprocessing()));
        Assert.Contains(sample.RealPath!, error.Message);
        Assert.Contains(sample.CompositePath, error.Message);
    }

    [Fact]
    public void Grey_bilinear_mask_resampling_thresholds_after_filtering()
    {
        // Mask row [0, 255, 0, 0] halved. Nearest picks source columns 1 and 3: [1, 0]. Pillow's
        // antialiased bilinear averages with weights 0.75, 0.75, 0.25 around column 1:
        // 255·0.75/1.75 ≈ 109 < 128, so the thin stroke disappears: [0, 0].
        using var dir = new TempDirectory();
        var sample = WriteSample(dir, TestImages.Solid(4, 1, 0, 0, 0), null, TestImages.RectangleMask(4, 1, 1, 0, 2, 1));

        var nearest = SampleDecoder.Decode(sample, 2, 1, new SamplePreprocessing());
        var bilinear = SampleDecoder.Decode(sample, 2, 1, new SamplePreprocessing { MaskResampling = MaskResampling.GreyBilinearThenBinarize });

        Assert.Equal([1f, 0f], nearest.Mask);
        Assert.Equal([0f, 0f], bilinear.Mask);
        Assert.Null(nearest.Real);
    }
}
