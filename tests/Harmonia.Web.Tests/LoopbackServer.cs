using System.Net.Http.Headers;

namespace Harmonia.Web.Tests;

/// <summary>
/// A real Harmonia server on a free 127.0.0.1 port, with an HttpClient bound to it. Every
/// request a test makes goes to this loopback address and is bounded by the client timeout.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private LoopbackServer(RunningServer server)
    {
        Server = server;
        // A request that asks "Expect: 100-continue" waits for the server's answer for as long as the
        // request may take, not the default one second, so a slow test machine cannot make it send the body.
        var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) };
        Client = new HttpClient(handler) { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public RunningServer Server { get; }
    public HttpClient Client { get; }

    /// <summary>Starts a server with <paramref name="options"/> (port forced to 0) and, optionally, injected models.</summary>
    public static async Task<LoopbackServer> StartAsync(ServerOptions? options = null, IModelSource? models = null)
    {
        options ??= new ServerOptions();
        options = options with { Host = "127.0.0.1", Port = 0, BundledModelsDirectory = NoBundledModels };
        var server = await HarmoniaServer.StartAsync(options, models);
        Assert.Equal("127.0.0.1", server.Url.Host);
        return new LoopbackServer(server);
    }

    /// <summary>A folder with no weights in it, so only the baselines load.</summary>
    public static string NoBundledModels { get; } = Path.Combine(Path.GetTempPath(), "harmonia-web-tests-no-models");

    /// <summary>Posts a harmonization form; null arguments leave that field out.</summary>
    public Task<HttpResponseMessage> HarmonizeAsync(byte[]? composite, byte[]? mask, string? model = null, string? size = null, CancellationToken cancellationToken = default, string? minChange = null, string? colorGuard = null, string? output = null)
        => Client.PostAsync("api/harmonize", Form(composite, mask, model, size, minChange, colorGuard, output), cancellationToken);

    public static MultipartFormDataContent Form(byte[]? composite, byte[]? mask, string? model = null, string? size = null, string? minChange = null, string? colorGuard = null, string? output = null)
    {
        var form = new MultipartFormDataContent();
        if (composite is not null) form.Add(File(composite), "composite", "composite.png");
        if (mask is not null) form.Add(File(mask), "mask", "mask.png");
        if (model is not null) form.Add(new StringContent(model), "model");
        if (size is not null) form.Add(new StringContent(size), "size");
        if (minChange is not null) form.Add(new StringContent(minChange), "min_change");
        if (colorGuard is not null) form.Add(new StringContent(colorGuard), "color_guard");
        if (output is not null) form.Add(new StringContent(output), "output");
        return form;
    }

    private static ByteArrayContent File(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
