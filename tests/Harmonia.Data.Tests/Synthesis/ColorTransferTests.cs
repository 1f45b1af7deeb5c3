using Harmonia.Data.Synthesis;
using Harmonia.Imaging;

namespace Harmonia.Data.Tests.Synthesis;

public class ColorTransferTests
{
    private static readonly Image Photo = TestImages.Photo(16, 12, 5);
    private static readonly Mask Region = Mask.FromImage(TestImages.RectangleMask(16, 12, 3, 2, 12, 10));

    [Fact]
    public void Eigendecomposition_rebuilds_the_matrix()
    {
        var m = new SymmetricMatrix3([4, 1, 0.5, 1, 3, -0.2, 0.5, -0.2, 2]);
        var (values, vectors) = m.Eigen();
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double rebuilt = 0;
                for (int k = 0; k < 3; k++) rebuilt += vectors[i * 3 + k] * values[k] * vectors[j * 3 + k];
                Assert.Equal(m[i, j], rebuilt, 1e-12);
            }
        var root = m.Map(Math.Sqrt);
        var square = SymmetricMatrix3.Sandwich(root, SymmetricMatrix3.Identity);
        for (int i = 0; i < 9; i++) Assert.Equal(m[i / 3, i % 3], square[i / 3, i % 3], 1e-12);
    }

    [Fact]
    public void Covariance_map_carries_the_source_covariance_onto_the_target()
    {
        double[] source = [400, 120, -30, 120, 250, 40, -30, 40, 90];
        double[] target = [150, -20, 60, -20, 300, 10, 60, 10, 200]; // gains stay below the cap
        var map = ColorTransfer.CovarianceMap(source, target);
        // A·(Σs + εI)·A = Σt + εI.
        var carried = SymmetricMatrix3.Sandwich(map, new SymmetricMatrix3(source).Plus(ColorTransfer.CovarianceRegularization));
        var expected = new SymmetricMatrix3(target).Plus(ColorTransfer.CovarianceRegularization);
        for (int i = 0; i < 9; i++) Assert.Equal(expected[i / 3, i % 3], carried[i / 3, i % 3], 1e-8);
        // Equal covariances give the identity.
        var identity = ColorTransfer.CovarianceMap(source, source);
        for (int i = 0; i < 9; i++) Assert.Equal(i % 4 == 0 ? 1.0 : 0.0, identity[i / 3, i % 3], 1e-9);
    }

    [Fact]
    public void Covariance_map_gains_are_capped()
    {
        // Flat source (regularized to I), wide target (101·I): the uncapped gain would be √101 ≈ 10.
        Assert.Equal(2.0, ColorTransfer.MaxGain);
        var map = ColorTransfer.CovarianceMap(new double[9], [100, 0, 0, 0, 100, 0, 0, 0, 100]);
        Assert.Equal(ColorTransfer.MaxGain, map[0, 0], 1e-9);
        Assert.Equal(0, map[0, 1], 1e-9);
    }

    [Fact]
    public void Histogram_mapping_is_monotone_and_maps_equal_shares_onto_each_other()
    {
        var source = new int[768];
        var target = new int[768];
        for (int v = 0; v < 4; v++) { source[v] = 5; target[10 * (v + 1)] = 2; } // four equal bins each
        byte[] mapping = ColorTransfer.HistogramMapping(source, target, 0, 20, 8);
        Assert.Equal(new byte[] { 10, 20, 30, 40 }, mapping[..4]);
        for (int v = 1; v < 256; v++) Assert.True(mapping[v] >= mapping[v - 1]);
        // Matching a region to its own statistics changes nothing.
        var own = ColorStatistics.Measure(Photo, Region);
        Assert.Equal(Photo.Pixels, ColorTransfer.Apply(Photo, Region, own, ColorTransferMethod.HistogramMatching, 1).Pixels);
    }

    [Theory]
    [InlineData(ColorTransferMethod.ReinhardLab)]
    [InlineData(ColorTransferMethod.RgbCovariance)]
    [InlineData(ColorTransferMethod.HistogramMatching)]
    public void Full_strength_transfer_moves_the_region_mean_to_the_target_and_zero_strength_changes_nothing(ColorTransferMethod method)
    {
        var target = ColorStatistics.Measure(TestImages.Solid(4, 4, 200, 60, 40), null);
        var moved = ColorTransfer.Apply(Photo, Region, target, method, 1.0);
        var after = ColorStatistics.Measure(moved, Region);
        // The target is a single colour: every method sends the region (close) to it.
        for (int c = 0; c < 3; c++) Assert.InRange(after.RgbMean[c], target.RgbMean[c] - 3, target.RgbMean[c] + 3);
        Assert.Equal(Photo.Pixels, ColorTransfer.Apply(Photo, Region, target, method, 0.0).Pixels);
        // Outside the region nothing moves.
        for (int p = 0; p < Region.Values.Length; p++)
            if (Region.Values[p] == 0f) Assert.Equal(Photo.Pixels.AsSpan(3 * p, 3).ToArray(), moved.Pixels.AsSpan(3 * p, 3).ToArray());
    }

    [Fact]
    public void Statistics_of_a_solid_image_are_exact()
    {
        var stats = ColorStatistics.Measure(TestImages.Solid(3, 2, 10, 20, 30), null);
        Assert.Equal(6, stats.PixelCount);
        Assert.Equal([10.0, 20.0, 30.0], stats.RgbMean);
        Assert.All(stats.RgbCovariance, v => Assert.Equal(0, v));
        Assert.All(stats.LabStd, v => Assert.Equal(0, v));
        Assert.Equal(6, stats.Histograms[10]);
        Assert.Equal(6, stats.Histograms[256 + 20]);
        Assert.Equal(6, stats.Histograms[512 + 30]);
    }

    [Fact]
    public void Measuring_whole_and_region_together_equals_measuring_them_apart()
    {
        var (whole, region) = ColorStatistics.MeasureWholeAndRegion(Photo, Region);
        foreach (var (together, apart) in new[] { (whole, ColorStatistics.Measure(Photo, null)), (region, ColorStatistics.Measure(Photo, Region)) })
        {
            Assert.Equal(apart.PixelCount, together.PixelCount);
            Assert.Equal(apart.RgbMean, together.RgbMean);
            Assert.Equal(apart.RgbCovariance, together.RgbCovariance);
            Assert.Equal(apart.LabMean, together.LabMean);
            Assert.Equal(apart.LabStd, together.LabStd);
            Assert.Equal(apart.Histograms, together.Histograms);
        }
        Assert.Equal(Region.ForegroundPixelCount, region.PixelCount);
    }

    [Fact]
    public void Reinhard_never_stretches_a_channel_by_more_than_the_cap()
    {
        // A nearly flat region (two close greens) aimed at a busy target: uncapped, its L spread would grow tenfold.
        var pixels = new byte[8 * 8 * 3];
        for (int i = 0; i < 64; i++) { pixels[3 * i] = 60; pixels[3 * i + 1] = (byte)(i % 2 == 0 ? 120 : 126); pixels[3 * i + 2] = 60; }
        var flat = new Image(8, 8, 3, pixels);
        var region = new Mask(8, 8, Enumerable.Repeat(1f, 64).ToArray());
        var target = ColorStatistics.Measure(new Image(2, 1, 3, [30, 30, 30, 220, 220, 220]), null); // L std ≈ 38
        var before = ColorStatistics.Measure(flat, region);
        Assert.True(target.LabStd[0] > 10 * before.LabStd[0]);

        var after = ColorStatistics.Measure(ColorTransfer.Apply(flat, region, target, ColorTransferMethod.ReinhardLab, 1.0), region);

        Assert.InRange(after.LabStd[0], 1.5 * before.LabStd[0], ColorTransfer.MaxGain * before.LabStd[0] * 1.1);
    }
}
