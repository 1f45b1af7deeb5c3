using Harmonia.Evaluation.Metrics;
using Harmonia.Imaging;

namespace Harmonia.Evaluation.Tests;

public class ObjectHueChangeTests
{
    private static readonly ForegroundMask LeftHalf = ForegroundMask.FromBooleans(4, 4, Enumerable.Range(0, 16).Select(p => p % 4 < 2).ToArray());

    /// <summary>A 4×4 image whose left half is (r, g, b) and whose right half is a background colour that must not count.</summary>
    private static Image Object(byte r, byte g, byte b) =>
        SyntheticImages.FromFunction(4, 4, 3, (x, _, c) => x < 2 ? (c == 0 ? r : c == 1 ? g : b) : (c == 2 ? 250 : 10));

    [Fact]
    public void Red_brick_turned_ochre_changes_its_hue_family_and_a_slight_warming_does_not()
    {
        var brick = Object(160, 60, 45);
        var ochre = ObjectHueChange.Measure(brick, Object(170, 120, 50), LeftHalf)!;
        var warmer = ObjectHueChange.Measure(brick, Object(170, 66, 44), LeftHalf)!;

        Assert.True(ochre.HueShiftDegrees > 30, $"hue shift {ochre.HueShiftDegrees}");
        Assert.True(ochre.ChangesHueFamily);
        Assert.InRange(Math.Abs(warmer.HueShiftDegrees), 0, 10);
        Assert.False(warmer.ChangesHueFamily);
        Assert.True(warmer.DeltaL > 0);
    }

    [Fact]
    public void A_greyed_object_changes_family_but_a_grey_object_has_no_hue_to_lose()
    {
        var pink = Object(230, 80, 170);
        var greyed = ObjectHueChange.Measure(pink, Object(150, 140, 145), LeftHalf)!;
        Assert.True(greyed.ChromaAfter < greyed.ChromaBefore / 2);
        Assert.Equal(0, greyed.HueShiftDegrees); // the grey result has no hue angle
        Assert.True(greyed.ChangesHueFamily);

        var grey = ObjectHueChange.Measure(Object(120, 120, 122), Object(128, 120, 110), LeftHalf)!;
        Assert.True(grey.ChromaBefore < ObjectHueChange.MinChroma);
        Assert.False(grey.ChangesHueFamily);
    }

    [Fact]
    public void The_hue_shift_wraps_around_the_circle()
    {
        // Magenta-red to orange-red crosses a* > 0 near hue 0: the shift is small, not ~360°.
        var change = ObjectHueChange.Measure(Object(200, 40, 90), Object(200, 60, 40), LeftHalf)!;
        Assert.InRange(change.HueShiftDegrees, 0, 60);
        Assert.Null(ObjectHueChange.Measure(Object(1, 2, 3), Object(1, 2, 3), ForegroundMask.FromBooleans(4, 4, new bool[16])));
    }
}
