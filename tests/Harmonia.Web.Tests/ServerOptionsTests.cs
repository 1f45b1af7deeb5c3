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
    }

    [Fact]
    public async Task Starting_with_bad_options_throws_before_binding()
        => await Assert.ThrowsAsync<ArgumentException>(() => HarmoniaServer.StartAsync(new ServerOptions { Port = 0, MaxQueuedRequests = -1 }));

    [Fact]
    public async Task Localhost_binds_the_loopback_address()
    {
        await using var server = await HarmoniaServer.StartAsync(new ServerOptions { Host = "localhost", Port = 0, BundledModelsDirectory = LoopbackServer.NoBundledModels });
        Assert.Equal("127.0.0.1", server.Url.Host);
        Assert.True(server.Url.Port > 0);
    }

    [Fact]
    public async Task A_port_in_use_is_an_io_error()
    {
        await using var first = await HarmoniaServer.StartAsync(new ServerOptions { Port = 0, BundledModelsDirectory = LoopbackServer.NoBundledModels });
        await Assert.ThrowsAnyAsync<IOException>(() => HarmoniaServer.StartAsync(new ServerOptions { Port = first.Url.Port, BundledModelsDirectory = LoopbackServer.NoBundledModels }));
    }
}
