using Harmonia.Models;

namespace Harmonia.Models.Tests;

/// <summary>
/// The colour map's apply loop (map in fields, parallel chunks of pixels) must give the bits of the
/// plain per-pixel formula over the 3×4 array, with and without a coverage plane.
/// </summary>
public class AffineColorMapTests
{
    // 40,000 pixels: three chunks, the last one short.
    private const int Plane = 200 * 200;

    private static readonly double[,] Map =
    {
        { 0.91, 0.12, -0.03, 0.021 },
        { -0.05, 1.13, 0.07, -0.048 },
        { 0.02, -0.11, 0.84, 0.117 },
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ApplyEqualsThePlainFormulaBitForBit(bool withCoverage)
    {
        var random = new Random(7);
        var source = new float[3 * Plane];
        for (int i = 0; i < source.Length; i++) source[i] = (float)random.NextDouble();
        var coverage = new float[withCoverage ? Plane : 0];
        for (int p = 0; p < coverage.Length; p++) coverage[p] = p % 3 == 0 ? 1f : p % 3 == 1 ? 0f : (float)random.NextDouble();

        var mapped = new float[source.Length];
        new AffineColorMap(Map).Apply(source, mapped, coverage);

        int clamped = 0;
        for (int p = 0; p < Plane; p++)
            for (int k = 0; k < 3; k++)
            {
                double value = Map[k, 3];
                for (int j = 0; j < 3; j++) value += Map[k, j] * source[j * Plane + p];
                float expected = Math.Clamp((float)value, 0f, 1f);
                if (expected != (float)value) clamped++;
                if (withCoverage)
                {
                    float w = coverage[p];
                    expected = w * expected + (1 - w) * source[k * Plane + p];
                }
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(mapped[k * Plane + p]));
            }
        Assert.True(clamped > 100, "the map should push some values out of [0, 1], so the clamp is checked too");
    }

    [Fact]
    public void RefusesPicturesOfDifferentSizes()
    {
        var map = new AffineColorMap(Map);
        Assert.Throws<ArgumentException>(() => map.Apply(new float[12], new float[9], default));
        Assert.Throws<ArgumentException>(() => map.Apply(new float[12], new float[12], new float[3]));
    }
}
