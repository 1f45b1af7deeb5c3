namespace Harmonia.Web.Tests;

public sealed class RequestParsingTests
{
    private static readonly ServerOptions Options = new() { DefaultWorkingSize = 256, MaxWorkingSize = 1024 };

    [Theory]
    [InlineData("", 1, 256)]
    [InlineData("  ", 8, 256)]
    [InlineData("native", 8, null)]
    [InlineData("NATIVE", 1, null)]
    [InlineData("512", 8, 512)]
    [InlineData(" 37 ", 1, 37)]
    [InlineData("1024", 8, 1024)]
    public void Accepts_empty_native_and_sizes_within_limits(string field, int multiple, int? expected)
        => Assert.Equal(expected, HarmonizeRequestReader.ParseWorkingSize(field, Options, multiple));

    [Theory]
    [InlineData("1025", 1)]
    [InlineData("0", 1)]
    [InlineData("+5", 1)]
    [InlineData("1e3", 1)]
    [InlineData("250", 8)]
    public void Refuses_other_sizes_with_400(string field, int multiple)
    {
        var problem = Assert.Throws<ApiProblemException>(() => HarmonizeRequestReader.ParseWorkingSize(field, Options, multiple));
        Assert.Equal(400, problem.Status);
        Assert.Equal("bad_size", problem.Body.Error);
    }

    [Fact]
    public void A_size_that_is_not_a_multiple_suggests_one_that_is()
    {
        var problem = Assert.Throws<ApiProblemException>(() => HarmonizeRequestReader.ParseWorkingSize("250", Options, 8));
        Assert.Contains("248", problem.Body.Detail);
    }
}
