using Microsoft.AspNetCore.Builder;

namespace Harmonia.Web;

/// <summary>A started Harmonia server. Dispose it (or call <see cref="StopAsync"/>) to stop it.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication app;

    internal RunningServer(WebApplication app, Uri url, IReadOnlyList<ModelInfo> models)
    {
        this.app = app;
        Url = url;
        Models = models;
    }

    /// <summary>The base URL it listens on, ending in "/", e.g. http://127.0.0.1:8080/.</summary>
    public Uri Url { get; }

    /// <summary>The models it serves, as <c>GET /api/models</c> lists them.</summary>
    public IReadOnlyList<ModelInfo> Models { get; }

    /// <summary>Waits until <paramref name="cancellationToken"/> is cancelled, then stops gracefully.</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Cancellation is the normal way to ask for shutdown.
        }
        await StopAsync();
    }

    /// <summary>Stops accepting requests and lets running ones finish (up to a few seconds).</summary>
    public Task StopAsync() => app.StopAsync();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
