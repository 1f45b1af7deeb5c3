using Harmonia.Evaluation.Runs;

namespace Harmonia.Evaluation.Tests;

public sealed class WorkingSizeTests
{
    [Theory]
    [InlineData("256", 256)]
    [InlineData(" 512 ", 512)]
    [InlineData("native", 0)]
    [InlineData("NATIVE", 0)]
    public void ParsesTheCliForms(string text, int side)
    {
        WorkingSize size = WorkingSize.Parse(text);
        Assert.Equal(side, size.Side);
        Assert.Equal(side == 0, size.IsNative);
        Assert.Equal(size, WorkingSize.Parse(size.ToString()));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-256")]
    [InlineData("256px")]
    [InlineData("")]
    [InlineData("1e3")]
    public void RejectsAnythingElseWithTheTextInTheMessage(string text)
    {
        var error = Assert.Throws<FormatException>(() => WorkingSize.Parse(text));
        Assert.Contains($"'{text}'", error.Message);
    }

    [Fact]
    public void DefaultsAreTheStandardProtocol()
    {
        Assert.Equal(256, EvaluationOptions.Default.EffectiveSize.Side);
        Assert.Equal(WorkingSize.Standard, EvaluationOptions.Default.EffectiveSize);
        Assert.Equal(BadImagePolicy.Fail, EvaluationOptions.Default.OnBadImage);
        Assert.True(WorkingSize.Native.IsNative);
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkingSize.Square(0));
    }
}
