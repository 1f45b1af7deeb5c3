using System.Net;

namespace Harmonia.Web;

/// <summary>
/// How the Harmonia web server listens and what it accepts. Every limit exists so that a bad or
/// hostile request gets a clear error instead of exhausting the machine.
/// </summary>
public sealed record ServerOptions
{
    /// <summary>Address to bind: an IP address or "localhost". Loopback by default so nothing outside the machine can reach it.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (read the chosen URL from <see cref="RunningServer.Url"/>).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Folder holding the bundled weights of the presets (e.g. hdnet-lite.safetensors).</summary>
    public string BundledModelsDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "models");

    /// <summary>Extra weights by preset name (e.g. "hdnet" → a .pth file), for presets that ship without weights.</summary>
    public IReadOnlyDictionary<string, string> WeightsByModel { get; init; } = new Dictionary<string, string>();

    /// <summary>The model used when a request names none, if it loads (e.g. the one given with its own weights); null: the first network that loads.</summary>
    public string? DefaultModel { get; init; }

    /// <summary>Where one line per request is written (time, client, method, path, status, duration); null writes none.</summary>
    public TextWriter? RequestLog { get; init; }

    /// <summary>Largest request body (both files and the form fields together); more is refused with 413.</summary>
    public long MaxUploadBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Largest width × height of either uploaded image; more is refused with 422 before pixels are allocated.</summary>
    public long MaxImagePixels { get; init; } = 4096L * 4096;

    /// <summary>Largest integer working size accepted in the "size" field; more is refused with 400.</summary>
    public int MaxWorkingSize { get; init; } = 1024;

    /// <summary>
    /// Largest width × height harmonized at "native" size. Running a model at full resolution costs
    /// memory in proportion to the pixels, so large photos must use a working size (422 otherwise).
    /// </summary>
    public long MaxNativePixels { get; init; } = 2048L * 1024;

    /// <summary>
    /// Requests whose uploads are in memory at once: being received, waiting for a harmonization
    /// slot or being harmonized, until their answer is sent. Each holds up to about twice
    /// <see cref="MaxUploadBytes"/> (the form and the files read from it), so this bounds the
    /// server's memory for uploads. Further requests wait before their body is read.
    /// </summary>
    public int MaxConcurrentUploads { get; init; } = 4;

    /// <summary>Requests allowed to wait, unread, for an upload slot; the next one gets 503 at once.</summary>
    public int MaxQueuedUploads { get; init; } = 16;

    /// <summary>
    /// Harmonizations running at once. The tensor engine already spreads one harmonization over
    /// every core, so 1 gives the best latency; more only helps many small requests.
    /// </summary>
    public int MaxConcurrentHarmonizations { get; init; } = 1;

    /// <summary>Requests allowed to wait for a free harmonization slot; the next one gets 503 at once.</summary>
    public int MaxQueuedRequests { get; init; } = 8;

    /// <summary>How long a request may wait in a queue (for an upload or a harmonization slot) before it gets 503.</summary>
    public TimeSpan QueueTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whole-request budget (upload, queue, harmonization); past it the client gets 503.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The Retry-After the server suggests with every 503.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the server must be idle (no request, no harmonization) before it empties the
    /// tensor buffer pool and runs a compacting collection, handing the memory of a burst back to
    /// the operating system.
    /// </summary>
    public TimeSpan IdleTrimDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Working size used when a request gives none.</summary>
    public int DefaultWorkingSize { get; init; } = 256;

    /// <summary>Checks every value, naming the first bad one.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host) || (Host != "localhost" && !IPAddress.TryParse(Host, out _)))
            throw new ArgumentException($"host '{Host}' must be an IP address (e.g. 127.0.0.1 or 0.0.0.0) or localhost");
        if (Port is < 0 or > 65535) throw new ArgumentException($"port {Port} must be between 0 and 65535");
        if (MaxUploadBytes < 1) throw new ArgumentException($"the maximum upload size must be positive, got {MaxUploadBytes}");
        if (MaxImagePixels < 1) throw new ArgumentException($"the maximum image pixels must be positive, got {MaxImagePixels}");
        if (MaxWorkingSize < 1) throw new ArgumentException($"the maximum working size must be positive, got {MaxWorkingSize}");
        if (MaxNativePixels < 1) throw new ArgumentException($"the maximum native pixels must be positive, got {MaxNativePixels}");
        if (MaxConcurrentHarmonizations < 1) throw new ArgumentException($"the concurrency must be at least 1, got {MaxConcurrentHarmonizations}");
        if (MaxQueuedRequests < 0) throw new ArgumentException($"the queue length cannot be negative, got {MaxQueuedRequests}");
        if (MaxConcurrentUploads < 1) throw new ArgumentException($"the concurrent uploads must be at least 1, got {MaxConcurrentUploads}");
        if (MaxQueuedUploads < 0) throw new ArgumentException($"the upload queue length cannot be negative, got {MaxQueuedUploads}");
        if (QueueTimeout < TimeSpan.Zero) throw new ArgumentException($"the queue timeout cannot be negative, got {QueueTimeout}");
        if (IdleTrimDelay < TimeSpan.Zero) throw new ArgumentException($"the idle trim delay cannot be negative, got {IdleTrimDelay}");
        if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentException($"the request timeout must be positive, got {RequestTimeout}");
        if (DefaultWorkingSize < 1 || DefaultWorkingSize > MaxWorkingSize)
            throw new ArgumentException($"the default working size {DefaultWorkingSize} must be between 1 and {MaxWorkingSize}");
    }
}
