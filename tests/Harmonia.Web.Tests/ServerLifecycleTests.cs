using System.Net;

namespace Harmonia.Web.Tests;

/// <summary>Starting, binding and stopping the server.</summary>
public sealed class ServerLifecycleTests
{
    private static ServerOptions FreePort => new() { Port = 0, BundledModelsDirectory = LoopbackServer.NoBundledModels };

    [Fact]
    public async Task Starting_with_bad_options_throws_before_binding()
        => await Assert.ThrowsAsync<ArgumentException>(() => HarmoniaServer.StartAsync(FreePort with { MaxQueuedRequests = -1 }));

    [Fact]
    public async Task Localhost_binds_the_loopback_address()
    {
        await using var server = await HarmoniaServer.StartAsync(FreePort with { Host = "localhost" });
        Assert.Equal("127.0.0.1", server.Url.Host);
        Assert.True(server.Url.Port > 0);
    }

    [Fact]
    public async Task A_port_in_use_is_an_io_error()
    {
        await using var first = await HarmoniaServer.StartAsync(FreePort);
        await Assert.ThrowsAnyAsync<IOException>(() => HarmoniaServer.StartAsync(FreePort with { Port = first.Url.Port }));
    }

    [Fact]
    public async Task An_address_that_is_not_this_machines_is_an_io_error_naming_it()
    {
        // 192.0.2.1 is reserved for documentation (RFC 5737): no machine has it.
        var error = await Assert.ThrowsAsync<IOException>(() => HarmoniaServer.StartAsync(FreePort with { Host = "192.0.2.1", Port = 8080 }));
        Assert.StartsWith("cannot listen on 192.0.2.1:8080: ", error.Message);
        Assert.Contains("not an address of this machine", error.Message);
    }

    [Fact]
    public async Task A_stopped_server_refuses_connections()
    {
        var server = await HarmoniaServer.StartAsync(FreePort);
        using var client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("healthz")).StatusCode);

        await server.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("healthz"));
    }

    [Fact]
    public async Task RunAsync_returns_when_cancelled()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var run = HarmoniaServer.RunAsync(FreePort, stop.Token);

        await run.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(run.IsCompletedSuccessfully);
    }
}
