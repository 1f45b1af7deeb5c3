using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Harmonia.Web;

/// <summary>
/// The Harmonia web server: the page at <c>/</c>, <c>POST /api/harmonize</c>, <c>GET /api/models</c>,
/// <c>GET /api/limits</c> and <c>GET /healthz</c>, on Kestrel.
/// </summary>
public static class HarmoniaServer
{
    /// <summary>
    /// Serves until <paramref name="cancellationToken"/> is cancelled (e.g. on Ctrl+C), printing the
    /// URL and any unavailable models to standard output. Models load from the catalog. With
    /// <see cref="ServerOptions.RequestLog"/> unset, each request is logged to standard output.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="IOException">The address cannot be bound (e.g. the port is in use).</exception>
    public static async Task RunAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        RunningServer server;
        try
        {
            server = await StartAsync(options with { RequestLog = options.RequestLog ?? Console.Out }, modelSource: null, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // stopped (e.g. Ctrl+C) before it finished starting
        }
        await using var _ = server;
        foreach (var model in server.Models.Where(m => !m.Available))
            Console.WriteLine($"model {model.Name} is unavailable: {model.Reason}");
        Console.WriteLine($"Harmonia is serving {server.Url} with default model {server.Models.First(m => m.IsDefault).Name} (Ctrl+C to stop)");
        await server.WaitForShutdownAsync(cancellationToken);
    }

    /// <summary>
    /// Starts the server and returns once it accepts connections. With <see cref="ServerOptions.Port"/>
    /// 0 a free port is chosen; <see cref="RunningServer.Url"/> tells which.
    /// </summary>
    /// <param name="options">Address and limits.</param>
    /// <param name="modelSource">The models to serve; null loads them from <see cref="Models.ModelCatalog"/>
    /// using <see cref="ServerOptions.BundledModelsDirectory"/> and <see cref="ServerOptions.WeightsByModel"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="IOException">The address cannot be bound (e.g. the port is in use).</exception>
    public static async Task<RunningServer> StartAsync(ServerOptions options, IModelSource? modelSource = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        modelSource ??= new CatalogModelSource(options.BundledModelsDirectory, options.WeightsByModel, options.DefaultModel);

        var app = Build(options, modelSource);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (SocketException e)
        {
            // Kestrel reports a port in use as an IOException, but other refusals to bind as bare socket errors.
            await app.DisposeAsync();
            throw new IOException($"cannot listen on {options.Host}:{options.Port}: {e.Message}{BindHint(e.SocketErrorCode)}", e);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new RunningServer(app, new Uri(address.TrimEnd('/') + "/"), modelSource.Models);
    }

    private static string BindHint(SocketError error) => error switch
    {
        SocketError.AddressNotAvailable => " (it is not an address of this machine; 0.0.0.0 listens on all of them)",
        SocketError.AccessDenied => " (ports below 1024 need administrator rights; choose a port from 1024 up)",
        _ => "",
    };

    private static WebApplication Build(ServerOptions options, IModelSource modelSource)
    {
        // The empty builder reads no appsettings or environment variables: the options are the only configuration.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(HarmoniaServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            // "localhost" is bound as 127.0.0.1 so that port 0 (any free port) works too.
            var address = options.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Host);
            kestrel.Listen(address, options.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxUploadBytes;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.Configure<FormOptions>(form =>
        {
            form.MultipartBodyLengthLimit = options.MaxUploadBytes;
            // Keep uploads in memory: they are bounded by the body limit, and no temporary files are left behind.
            form.MemoryBufferThreshold = (int)Math.Min(options.MaxUploadBytes, int.MaxValue);
            form.ValueCountLimit = 32;
        });
        builder.Services.AddRoutingCore();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
            // The host logs a failed start with its stack trace; the same failure reaches the caller as an
            // exception (the command line prints it as one line), so the log would only repeat it as a dump.
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);

        var app = builder.Build();
        if (options.RequestLog is { } requestLog)
            app.UseMiddleware<RequestLogMiddleware>(requestLog, TimeProvider.System);
        app.UseMiddleware<UnhandledErrorMiddleware>();

        var page = new EmbeddedPage();
        app.MapGet("/", context => page.ServeAsync(context, "index.html"));
        // Browsers ask for /favicon.ico whatever the page links to.
        app.MapGet("/favicon.ico", context => page.ServeAsync(context, "favicon.svg"));
        foreach (string fileName in page.FileNames)
            app.MapGet("/" + fileName, context => page.ServeAsync(context, fileName));

        var uploads = new ConcurrencyGate(options.MaxConcurrentUploads, options.MaxQueuedUploads, options.QueueTimeout);
        var harmonizations = new ConcurrencyGate(options.MaxConcurrentHarmonizations, options.MaxQueuedRequests, options.QueueTimeout);
        var harmonize = new HarmonizeEndpoint(options, modelSource, uploads, harmonizations, new MemoryReclaimer(options.IdleTrimDelay));
        app.MapPost("/api/harmonize", harmonize.HandleAsync);
        app.MapGet("/api/models", context => context.Response.WriteAsJsonAsync(modelSource.Models, context.RequestAborted));
        var limits = UploadLimits.From(options);
        app.MapGet("/api/limits", context => context.Response.WriteAsJsonAsync(limits, context.RequestAborted));
        app.MapGet("/healthz", context => context.Response.WriteAsJsonAsync(new { status = "ok" }, context.RequestAborted));
        app.MapFallback(context =>
        {
            // An address that answers other methods (a browser's GET of /api/harmonize): say which, not "nothing here".
            var allowed = MethodsAnswering(app, context.Request.Path);
            if (allowed.Count > 0)
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                context.Response.Headers.Allow = string.Join(", ", allowed);
                return context.Response.WriteAsJsonAsync(new ApiError("method_not_allowed",
                    $"{context.Request.Method} is not accepted at {context.Request.Path}; use {string.Join(" or ", allowed)}"), context.RequestAborted);
            }
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return context.Response.WriteAsJsonAsync(new ApiError("not_found", $"there is nothing at {context.Request.Method} {context.Request.Path}"), context.RequestAborted);
        });
        return app;
    }

    /// <summary>The HTTP methods of the mapped endpoints whose route is exactly <paramref name="path"/>.</summary>
    private static List<string> MethodsAnswering(IEndpointRouteBuilder routes, PathString path) =>
        routes.DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Where(endpoint => string.Equals(endpoint.RoutePattern.RawText, path.Value, StringComparison.OrdinalIgnoreCase))
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            .Distinct()
            .ToList();
}
