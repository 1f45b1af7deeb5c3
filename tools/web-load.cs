// A bounded load test of `harmonia serve` on loopback, measuring the server process's memory.
//
//   dotnet run tools/web-load.cs -- [--clients 8] [--requests 4] [--image 2048] [--size 256]
//                                   [--model hdnet-lite] [--idle-wait 15] [--max-peak-mb 1500]
//
// Starts `./harmonia serve` on a free 127.0.0.1 port (building the CLI first if needed), makes a
// noise composite of --image² pixels (noise barely compresses, so the PNG upload is about
// 3 bytes per pixel) and a rectangular mask, and lets --clients clients send --requests
// harmonizations each, all at once, after one warm-up request. It samples the server's resident
// memory (VmRSS) while the load runs, reads its peak (VmHWM) at the end, then waits --idle-wait
// seconds for the memory to settle. Prints the answers by status and the memory figures; exits 1 when the peak
// exceeds --max-peak-mb. Linux only (it reads /proc). Nothing leaves the machine.

using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.RegularExpressions;

var options = ParseArguments(args);
string root = FindRepositoryRoot();
int port = FreeLoopbackPort();

var composite = NoisePng(options.Image, options.Image, seed: 1);
var mask = RectangleMaskPng(options.Image, options.Image);
Console.WriteLine($"web-load: composite {options.Image}x{options.Image} = {composite.Length / 1048576.0:0.0} MiB, mask {mask.Length / 1024.0:0} KiB; "
    + $"{options.Clients} clients x {options.Requests} requests, model {options.Model} at {options.Size}");

using var server = StartServer(root, port);
try
{
    var baseUrl = new Uri($"http://127.0.0.1:{port}/");
    using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(300) };
    await WaitUntilHealthyAsync(http, server, TimeSpan.FromMinutes(10));
    long idleRss = ReadStatusKb(server.Id, "VmRSS");
    Console.WriteLine($"web-load: server pid {server.Id} ready at {baseUrl}, idle RSS {idleRss / 1024.0:0} MB");

    // One request first: it loads the model and compiles the code, which then stays; the memory
    // the load adds is measured against this warm, idle server.
    using (var warmUp = await http.PostAsync("api/harmonize", Form(composite, mask, options.Model, options.Size)))
        if (warmUp.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"the warm-up request got {(int)warmUp.StatusCode}: {await warmUp.Content.ReadAsStringAsync()}");
    await Task.Delay(TimeSpan.FromSeconds(Math.Min(options.IdleWaitSeconds, 5)));
    long warmRss = ReadStatusKb(server.Id, "VmRSS");

    long sampledPeak = 0;
    using var stopSampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!stopSampling.IsCancellationRequested)
        {
            sampledPeak = Math.Max(sampledPeak, ReadStatusKb(server.Id, "VmRSS"));
            await Task.Delay(20);
        }
    });

    var statuses = new Dictionary<HttpStatusCode, int>();
    var latencies = new List<double>();
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async _ =>
    {
        for (int i = 0; i < options.Requests; i++)
        {
            var started = Stopwatch.StartNew();
            HttpStatusCode status;
            try
            {
                using var response = await http.PostAsync("api/harmonize", Form(composite, mask, options.Model, options.Size));
                await response.Content.ReadAsByteArrayAsync();
                status = response.StatusCode;
            }
            catch (HttpRequestException)
            {
                status = 0; // connection closed: counted apart
            }
            lock (statuses)
            {
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status == HttpStatusCode.OK) latencies.Add(started.Elapsed.TotalSeconds);
            }
        }
    }));
    double loadSeconds = clock.Elapsed.TotalSeconds;
    stopSampling.Cancel();
    await sampler;
    long peakRss = Math.Max(sampledPeak, ReadStatusKb(server.Id, "VmHWM"));

    // Let the server notice it is idle and give memory back; report where it settles.
    long afterRss = ReadStatusKb(server.Id, "VmRSS");
    var settle = Stopwatch.StartNew();
    while (settle.Elapsed.TotalSeconds < options.IdleWaitSeconds)
    {
        await Task.Delay(500);
        afterRss = ReadStatusKb(server.Id, "VmRSS");
    }

    latencies.Sort();
    Console.WriteLine($"web-load: {options.Clients * options.Requests} requests in {loadSeconds:0.0} s: "
        + string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{(p.Key == 0 ? "connection closed" : ((int)p.Key).ToString())}: {p.Value}")));
    if (latencies.Count > 0)
        Console.WriteLine($"web-load: 200 latency median {latencies[latencies.Count / 2]:0.00} s, max {latencies[^1]:0.00} s");
    Console.WriteLine($"web-load: RSS idle {idleRss / 1024.0:0} MB, warm and idle {warmRss / 1024.0:0} MB, peak {peakRss / 1024.0:0} MB, "
        + $"{options.IdleWaitSeconds:0} s after the load {afterRss / 1024.0:0} MB");
    if (peakRss / 1024.0 > options.MaxPeakMb)
    {
        Console.WriteLine($"web-load: FAIL: peak RSS above {options.MaxPeakMb} MB");
        return 1;
    }
    return 0;
}
finally
{
    if (!server.HasExited)
    {
        server.Kill(entireProcessTree: true);
        server.WaitForExit(10_000);
    }
}

static LoadOptions ParseArguments(string[] args)
{
    var o = new LoadOptions();
    for (int i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--clients": o.Clients = int.Parse(Value()); break;
            case "--requests": o.Requests = int.Parse(Value()); break;
            case "--image": o.Image = int.Parse(Value()); break;
            case "--size": o.Size = Value(); break;
            case "--model": o.Model = Value(); break;
            case "--idle-wait": o.IdleWaitSeconds = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
            case "--max-peak-mb": o.MaxPeakMb = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
            default: throw new ArgumentException($"unknown option {args[i]}");
        }
    }
    if (o.Clients is < 1 or > 64 || o.Requests is < 1 or > 100 || o.Image is < 8 or > 4096)
        throw new ArgumentException("--clients 1..64, --requests 1..100 and --image 8..4096 keep the load bounded");
    return o;
}

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "harmonia")) && File.Exists(Path.Combine(dir.FullName, "Harmonia.sln")))
            return dir.FullName;
    throw new DirectoryNotFoundException("run web-load from inside the repository");
}

static int FreeLoopbackPort()
{
    var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    int port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}

static Process StartServer(string root, int port)
{
    // ./harmonia execs `dotnet harmonia.dll`, so the process started here is the server itself.
    var start = new ProcessStartInfo(Path.Combine(root, "harmonia"), ["serve", "--host", "127.0.0.1", "--port", port.ToString()])
    {
        WorkingDirectory = root,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    var process = Process.Start(start) ?? throw new InvalidOperationException("could not start ./harmonia serve");
    process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.WriteLine($"  server: {e.Data}"); };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.WriteLine($"  server: {e.Data}"); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitUntilHealthyAsync(HttpClient http, Process server, TimeSpan limit)
{
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < limit)
    {
        if (server.HasExited) throw new InvalidOperationException($"the server exited with code {server.ExitCode}");
        try
        {
            using var response = await http.GetAsync("healthz");
            if (response.IsSuccessStatusCode) return;
        }
        catch (HttpRequestException)
        {
            // not listening yet (the first start may build the CLI)
        }
        await Task.Delay(250);
    }
    throw new TimeoutException("the server did not become healthy");
}

static long ReadStatusKb(int pid, string field)
{
    foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        if (line.StartsWith(field + ":", StringComparison.Ordinal))
            return long.Parse(Regex.Match(line, @"\d+").Value);
    throw new InvalidOperationException($"/proc/{pid}/status has no {field}");
}

static MultipartFormDataContent Form(byte[] composite, byte[] mask, string model, string size)
{
    static ByteArrayContent Png(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }
    return new MultipartFormDataContent
    {
        { Png(composite), "composite", "composite.png" },
        { Png(mask), "mask", "mask.png" },
        { new StringContent(model), "model" },
        { new StringContent(size), "size" },
    };
}

static byte[] NoisePng(int width, int height, int seed)
{
    var random = new Random(seed);
    var rgb = new byte[width * height * 3];
    random.NextBytes(rgb);
    return Png(width, height, 2, 3, rgb);
}

static byte[] RectangleMaskPng(int width, int height)
{
    var grey = new byte[width * height];
    for (int y = height / 4; y < height * 3 / 4; y++)
        Array.Fill(grey, (byte)255, y * width + width / 4, width / 2);
    return Png(width, height, 0, 1, grey);
}

// A minimal PNG writer (8-bit, filter 0), enough for test pictures.
static byte[] Png(int width, int height, byte colorType, int channels, byte[] pixels)
{
    using var output = new MemoryStream();
    output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
    var header = new byte[13];
    System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
    System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
    header[8] = 8;
    header[9] = colorType;
    WriteChunk(output, "IHDR", header);
    using (var compressed = new MemoryStream())
    {
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            for (int y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(pixels, y * width * channels, width * channels);
            }
        WriteChunk(output, "IDAT", compressed.ToArray());
    }
    WriteChunk(output, "IEND", []);
    return output.ToArray();
}

static void WriteChunk(Stream output, string type, byte[] data)
{
    var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
    var length = new byte[4];
    System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
    output.Write(length);
    output.Write(typeBytes);
    output.Write(data);
    uint crc = Crc32([.. typeBytes, .. data]);
    var crcBytes = new byte[4];
    System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc);
    output.Write(crcBytes);
}

static uint Crc32(byte[] data)
{
    uint crc = 0xFFFFFFFF;
    foreach (byte b in data)
    {
        crc ^= b;
        for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
    }
    return ~crc;
}

sealed class LoadOptions
{
    public int Clients { get; set; } = 8;
    public int Requests { get; set; } = 4;
    public int Image { get; set; } = 2048;
    public string Size { get; set; } = "256";
    public string Model { get; set; } = "hdnet-lite";
    public double IdleWaitSeconds { get; set; } = 15;
    public double MaxPeakMb { get; set; } = 1500;
}
