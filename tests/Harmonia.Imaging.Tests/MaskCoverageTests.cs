namespace Harmonia.Imaging.Tests;

public class MaskCoverageTests
{
    [Fact]
    public void Coverage_is_grey_over_255_and_its_binarization_is_the_masks()
    {
        var image = new Image(4, 1, 1, [0, 102, 153, 255]);

        var coverage = MaskCoverage.FromImage(image);

        Assert.Equal([0f, 0.4f, 0.6f, 1f], coverage.Values);
        Assert.Equal(Mask.FromImage(image).Values, coverage.Binarized.Values);
        Assert.False(coverage.IsBinary);
    }

    [Fact]
    public void A_black_and_white_mask_is_binary_and_resizing_keeps_values()
    {
        var coverage = MaskCoverage.FromImage(new Image(2, 1, 1, [0, 255]));

        var resized = coverage.ResizeNearest(4, 2);

        Assert.True(coverage.IsBinary);
        Assert.Equal([0f, 0f, 1f, 1f, 0f, 0f, 1f, 1f], resized.Values);
        Assert.Equal(resized.Values, resized.Binarized.Values);
    }
}
