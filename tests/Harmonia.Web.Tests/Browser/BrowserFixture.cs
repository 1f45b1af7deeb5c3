using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Harmonia.Web.Tests.Browser;

/// <summary>
/// One Harmonia server on loopback and one headless Debian chromium, driven by Playwright, shared
/// by the browser tests. Any request the browser tries to send anywhere but the server is blocked
/// and recorded, so a test can prove the page needs nothing from outside.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Small enough that the demo scene at native size is refused, giving the tests an API error to show.</summary>
    public const long MaxNativePixels = 100 * 100;

    /// <summary>Above the demo scene's PNG files, below a 300×300 noise PNG: the page must refuse that one itself.</summary>
    public const long MaxUploadBytes = 256 * 1024;

    /// <summary>Above the demo scene (240×180): a 300×300 image is allowed, 301×300 is not.</summary>
    public const long MaxImagePixels = 300 * 300;

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private LoopbackServer? server;
    private IPlaywright? playwright;
    private string? userDataDirectory;

    public Uri ServerUrl => server!.Server.Url;
    public IBrowserContext Context { get; private set; } = null!;

    /// <summary>URLs the browser tried to reach outside the server (always blocked).</summary>
    public ConcurrentQueue<string> BlockedRequests { get; } = new();

    /// <summary>The one network the fixture's server can run (with freshly initialized weights), so the page shows a network's options.</summary>
    public const string AvailableNetwork = "hdnet-lite-affine";

    public async Task InitializeAsync()
    {
        string chromium = ChromiumInstallation.EnsureInstalled();
        userDataDirectory = Directory.CreateTempSubdirectory("harmonia-chromium-").FullName;
        string weights = Path.Combine(userDataDirectory, "untrained.safetensors");
        Harmonia.NN.Serialization.SafeTensorsFile.Write(weights, Harmonia.Models.ModelCatalog.Find(AvailableNetwork).Spec!.Build().ToStateDict());
        var models = new CatalogModelSource(LoopbackServer.NoBundledModels, new Dictionary<string, string> { [AvailableNetwork] = weights }, preferredDefault: "reinhard");
        server = await LoopbackServer.StartAsync(new ServerOptions { MaxNativePixels = MaxNativePixels, MaxUploadBytes = MaxUploadBytes, MaxImagePixels = MaxImagePixels }, models);
        playwright = await Playwright.CreateAsync();
        Context = await playwright.Chromium.LaunchPersistentContextAsync(userDataDirectory, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = chromium,
            Args = ChromiumArgs,
            Headless = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Timeout = 30_000,
        });
        Context.SetDefaultTimeout(15_000);
        string origin = ServerUrl.GetLeftPart(UriPartial.Authority);
        await Context.RouteAsync(url => !url.StartsWith(origin, StringComparison.Ordinal), async route =>
        {
            BlockedRequests.Enqueue(route.Request.Url);
            await route.AbortAsync();
        });
    }

    public async Task DisposeAsync()
    {
        if (Context is not null) await Context.CloseAsync();
        playwright?.Dispose();
        if (server is not null) await server.DisposeAsync();
        if (userDataDirectory is not null) Directory.Delete(userDataDirectory, recursive: true);
    }
}
