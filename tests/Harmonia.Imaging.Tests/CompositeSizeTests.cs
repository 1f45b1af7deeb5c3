namespace Harmonia.Imaging.Tests;

public class CompositeSizeTests
{
    [Theory]
    [InlineData(40, 48, 40, 48, true)]
    [InlineData(40, 48, 48, 40, false)]
    [InlineData(40, 48, 40, 47, false)]
    public void Sizes_match_only_when_both_sides_agree(int width, int height, int compositeWidth, int compositeHeight, bool matches) =>
        Assert.Equal(matches, CompositeSize.Matches(width, height, compositeWidth, compositeHeight));

    [Fact]
    public void The_mismatch_names_both_sizes_and_the_composite()
    {
        Assert.Equal("is 40x48 but the composite c.png is 48x40", CompositeSize.Mismatch(40, 48, "c.png", 48, 40));
        Assert.Equal("is 4x3 but the composite is 8x6", CompositeSize.Mismatch(4, 3, null, 8, 6));
    }
}
