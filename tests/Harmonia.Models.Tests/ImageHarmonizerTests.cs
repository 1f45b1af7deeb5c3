using Harmonia.Imaging;
using Harmonia.Tensors;

namespace Harmonia.Models.Tests;

public class ImageHarmonizerTests
{
    /// <summary>Brightens the masked pixels by 0.2 and records the masks it was given.</summary>
    private sealed class BrighteningHarmonizer(int sizeMultiple = 1) : IHarmonizer
    {
        public List<float[]> MasksSeen { get; } = [];

        public string Name => "brighten";

        public int SizeMultiple => sizeMultiple;

        public Tensor Harmonize(Tensor composite, Tensor mask)
        {
            MasksSeen.Add(mask.Data.ToArray());
            var output = composite.Data.ToArray();
            int planeSize = mask.Data.Length;
            for (int c = 0; c < 3; c++)
                for (int i = 0; i < planeSize; i++)
                    output[c * planeSize + i] = Math.Min(1f, output[c * planeSize + i] + 0.2f * mask.Data[i]);
            return Tensor.FromArray(output, composite.Shape);
        }
    }

    private static Image Picture(int width, int height, int channels)
    {
        var image = new Image(width, height, channels);
        for (int i = 0; i < image.Pixels.Length; i++)
            image.Pixels[i] = (byte)(40 + (i * 7) % 90);
        return image;
    }

    /// <summary>A mask image whose grey level is 255 in the left half and <paramref name="rightHalf"/> in the right half.</summary>
    private static Image HalfMask(int width, int height, byte rightHalf)
    {
        var mask = new Image(width, height, 1);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                mask.Pixels[y * width + x] = x < width / 2 ? (byte)255 : rightHalf;
        return mask;
    }

    [Fact]
    public void An_rgba_composite_keeps_its_alpha_and_harmonizes_its_colours()
    {
        var rgba = Picture(8, 6, 4);
        var rgb = ChannelConversion.ToRgb(rgba);
        var mask = Mask.FromImage(HalfMask(8, 6, 0));
        var harmonizer = new ImageHarmonizer(new BrighteningHarmonizer());

        var fromRgba = harmonizer.Harmonize(rgba, mask, workingSize: null);
        var fromRgb = harmonizer.Harmonize(rgb, mask, workingSize: null);

        Assert.Equal(4, fromRgba.Channels);
        for (int i = 0; i < 8 * 6; i++)
        {
            Assert.Equal(rgba.Pixels[4 * i + 3], fromRgba.Pixels[4 * i + 3]);
            for (int c = 0; c < 3; c++)
                Assert.Equal(fromRgb.Pixels[3 * i + c], fromRgba.Pixels[4 * i + c]);
        }
        Assert.NotEqual(rgb.Pixels, fromRgb.Pixels);
    }

    [Fact]
    public void A_grey_composite_gives_a_grey_result()
    {
        var grey = Picture(8, 6, 1);
        var mask = Mask.FromImage(HalfMask(8, 6, 0));

        var result = new ImageHarmonizer(new BrighteningHarmonizer()).Harmonize(grey, mask, workingSize: null);

        Assert.Equal((8, 6, 1), (result.Width, result.Height, result.Channels));
        for (int y = 0; y < 6; y++)
            for (int x = 0; x < 8; x++)
            {
                int difference = result.Pixels[y * 8 + x] - grey.Pixels[y * 8 + x];
                if (x < 4) Assert.InRange(difference, 50, 52); // +0.2 of 255
                else Assert.Equal(0, difference);
            }
    }

    [Theory]
    [InlineData(null)]
    [InlineData(4)]
    public void A_binary_coverage_gives_the_binary_masks_result(int? workingSize)
    {
        var composite = Picture(8, 8, 3);
        var maskImage = HalfMask(8, 8, 0);
        var harmonizer = new ImageHarmonizer(new BrighteningHarmonizer());

        var withMask = harmonizer.Harmonize(composite, Mask.FromImage(maskImage), workingSize);
        var withCoverage = harmonizer.Harmonize(composite, MaskCoverage.FromImage(maskImage), workingSize);

        Assert.Equal(withMask.Pixels, withCoverage.Pixels);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(4)]
    public void A_soft_mask_is_the_blend_alpha_while_the_network_sees_it_binarized(int? workingSize)
    {
        // Right half at grey 153 = coverage 0.6: foreground for the network, blended at 60%.
        var composite = Picture(8, 8, 3);
        var network = new BrighteningHarmonizer();
        var soft = MaskCoverage.FromImage(HalfMask(8, 8, 153));

        var result = new ImageHarmonizer(network).Harmonize(composite, soft, workingSize);

        Assert.All(network.MasksSeen, mask => Assert.All(mask, value => Assert.True(value is 0f or 1f)));
        Assert.Contains(network.MasksSeen, mask => mask.Contains(1f));
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++)
                for (int c = 0; c < 3; c++)
                {
                    int i = (y * 8 + x) * 3 + c;
                    int difference = result.Pixels[i] - composite.Pixels[i];
                    if (x < 4) Assert.InRange(difference, 50, 52);   // full coverage: the whole change
                    else Assert.InRange(difference, 29, 32);         // 0.6 of it
                }
    }

    /// <summary>Full coverage in columns 0..3, then 0.8, 0.4, 0.2 and 0.1 in columns 4..7.</summary>
    private static Image FeatheredMask()
    {
        byte[] columns = [255, 255, 255, 255, 204, 102, 51, 26];
        var mask = new Image(8, 8, 1);
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++)
                mask.Pixels[y * 8 + x] = columns[x];
        return mask;
    }

    public static TheoryData<bool, int?> OutputsAndSizes => new() { { false, null }, { false, 4 }, { true, null }, { true, 4 } };

    [Theory]
    [MemberData(nameof(OutputsAndSizes))]
    public void Every_pixel_of_a_soft_mask_moves_by_its_coverage_times_the_objects_change(bool colorMap, int? workingSize)
    {
        // The brightening model adds 0.2 (51 levels) to its foreground, the columns above 0.5. Columns at
        // 0.4, 0.2 and 0.1 are outside it, yet must move by 0.4, 0.2 and 0.1 of the change, for the dense
        // output (the nearest foreground pixel's change) and the colour map (the map applied to them).
        var composite = Picture(8, 8, 3);
        var network = new BrighteningHarmonizer();
        IHarmonizer model = colorMap ? new ColorMapHarmonizer(network) : network;
        var soft = MaskCoverage.FromImage(FeatheredMask());

        var result = new ImageHarmonizer(model).Harmonize(composite, soft, workingSize);

        Assert.All(network.MasksSeen, mask => Assert.All(mask, value => Assert.True(value is 0f or 1f)));
        for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++)
                for (int c = 0; c < 3; c++)
                {
                    int i = (y * 8 + x) * 3 + c;
                    double expected = 51.0 * soft.Values[y * 8 + x];
                    Assert.InRange(result.Pixels[i] - composite.Pixels[i], expected - 1.5, expected + 1.5);
                }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_16_bit_composite_gives_a_16_bit_result_that_rounds_to_the_8_bit_one(int channels)
    {
        var eightBit = Picture(8, 8, channels);
        var deep = new Image16(8, 8, channels, eightBit.Pixels.Select(v => (ushort)(v * 257)).ToArray());
        var mask = MaskCoverage.FromImage(HalfMask(8, 8, 0));
        var harmonizer = new ImageHarmonizer(new BrighteningHarmonizer());

        var fromDeep = harmonizer.Harmonize(deep, mask, workingSize: 4);
        var fromEightBit = harmonizer.Harmonize(eightBit, mask, workingSize: 4);

        Assert.Equal(channels, fromDeep.Channels);
        var rounded = fromDeep.ToImage().Pixels;
        for (int i = 0; i < rounded.Length; i++)
            Assert.InRange(rounded[i] - fromEightBit.Pixels[i], -1, 1);
        Assert.Contains(fromDeep.Samples, sample => sample % 257 != 0); // not merely 8-bit values scaled up
        if (channels == 4)
            for (int i = 3; i < deep.Samples.Length; i += 4)
                Assert.Equal(deep.Samples[i], fromDeep.Samples[i]);
    }
}
