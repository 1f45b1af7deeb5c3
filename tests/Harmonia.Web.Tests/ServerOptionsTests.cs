namespace Harmonia.Web.Tests;

public sealed class ServerOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_bind_loopback()
    {
        var options = new ServerOptions();
        options.Validate();
        Assert.Equal("127.0.0.1", options.Host);
    }

    [Theory]
    [InlineData("example.com", 8080)]
    [InlineData("", 8080)]
    [InlineData("127.0.0.1", 70000)]
    [InlineData("127.0.0.1", -1)]
    public void Bad_addresses_are_refused(string host, int port)
        => Assert.Throws<ArgumentException>(() => new ServerOptions { Host = host, Port = port }.Validate());

    [Fact]
    public void Bad_limits_are_refused_naming_the_limit()
    {
        Assert.Contains("concurrency", Assert.Throws<ArgumentException>(() => new ServerOptions { MaxConcurrentHarmonizations = 0 }.Validate()).Message);
        Assert.Contains("upload", Assert.Throws<ArgumentException>(() => new ServerOptions { MaxUploadBytes = 0 }.Validate()).Message);
        Assert.Contains("default working size", Assert.Throws<ArgumentException>(() => new ServerOptions { DefaultWorkingSize = 2048 }.Validate()).Message);
        Assert.Contains("concurrent uploads", Assert.Throws<ArgumentException>(() => new ServerOptions { MaxConcurrentUploads = 0 }.Validate()).Message);
        Assert.Contains("upload queue", Assert.Throws<ArgumentException>(() => new ServerOptions { MaxQueuedUploads = -1 }.Validate()).Message);
    }
}
