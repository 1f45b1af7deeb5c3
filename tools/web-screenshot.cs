// Takes the README's picture of the web page (docs/images/web-page.png) from the real server.
//
//   dotnet run tools/web-screenshot.cs -- --composite C --mask M [--out docs/images/web-page.png]
//                                         [--model hdnet-lite] [--size 256] [--split 50]
//
// Starts `./harmonia serve` with the bundled models on a free 127.0.0.1 port (building the CLI first if
// needed), opens the page in headless Chromium (/usr/bin/chromium, as the browser tests use), chooses the
// composite and its mask, harmonizes with --model at --size, sets the before/after slider to --split
// percent and saves the whole page. The picture is written to a temporary file and renamed over --out,
// so an interrupted run leaves the old one. Nothing leaves the machine.
//
// The picture in the repository: --composite ../shared/data/lalonde-composites/images/image_000003.jpg
// --mask ../shared/data/lalonde-composites/masks/image_000003.png (a real composite of the Lalonde set).

#:package Microsoft.Playwright
#:property PublishAot=false
#:property JsonSerializerIsReflectionEnabledByDefault=true

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

var options = ParseArguments(args);
string root = FindRepositoryRoot();
int port = FreeLoopbackPort();
var url = new Uri($"http://127.0.0.1:{port}/");

using var server = StartServer(root, port);
try
{
    await WaitUntilHealthyAsync(url, server);
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true });
    var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
    await page.GotoAsync(url.ToString());
    await page.Locator($"#model option[value='{options.Model}']:not([disabled])").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    await page.SetInputFilesAsync("#composite-file", options.Composite);
    await page.Locator("#editor").WaitForAsync(new() { State = WaitForSelectorState.Visible });
    await page.SetInputFilesAsync("#mask-file", options.Mask);
    await page.SelectOptionAsync("#model", options.Model);
    await page.SelectOptionAsync("#size", options.Size);
    await page.ClickAsync("#submit");
    var outcome = await page.WaitForFunctionAsync("""
        () => {
          const error = document.getElementById("error");
          if (!error.hidden) return "error: " + error.textContent;
          const image = document.getElementById("compare-after");
          return !document.getElementById("compare-panel").hidden && image.complete && image.naturalWidth > 0 ? "ok" : null;
        }
        """, null, new() { Timeout = 120_000 });
    string result = await outcome.JsonValueAsync<string>();
    if (result != "ok")
        throw new InvalidOperationException($"the page did not harmonize: {result}");
    await page.Locator("#compare-slider").FillAsync(options.Split);
    await page.Locator("#compare-slider").DispatchEventAsync("input");

    string temporary = options.Out + ".tmp.png";
    await page.ScreenshotAsync(new() { Path = temporary, FullPage = true });
    File.Move(temporary, options.Out, overwrite: true);
    Console.WriteLine($"web-screenshot: wrote {options.Out} ({new FileInfo(options.Out).Length / 1024} KiB), {options.Model} at {options.Size}");
}
finally
{
    if (!server.HasExited) server.Kill(entireProcessTree: true);
    server.WaitForExit();
}

static Process StartServer(string root, int port)
{
    var start = new ProcessStartInfo(Path.Combine(root, "harmonia"), ["serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
    {
        WorkingDirectory = root,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start ./harmonia serve");
    process.OutputDataReceived += (_, line) => { if (line.Data is not null) Console.WriteLine($"  serve: {line.Data}"); };
    process.ErrorDataReceived += (_, line) => { if (line.Data is not null) Console.WriteLine($"  serve: {line.Data}"); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitUntilHealthyAsync(Uri url, Process server)
{
    using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
    var deadline = DateTime.UtcNow.AddMinutes(10); // the first call may build the CLI
    while (DateTime.UtcNow < deadline)
    {
        if (server.HasExited)
            throw new InvalidOperationException($"./harmonia serve exited with {server.ExitCode}");
        try
        {
            using var response = await client.GetAsync(new Uri(url, "healthz"));
            if (response.StatusCode == HttpStatusCode.OK) return;
        }
        catch (HttpRequestException) { }
        catch (TaskCanceledException) { }
        await Task.Delay(500);
    }
    throw new TimeoutException("the server did not answer /healthz");
}

static int FreeLoopbackPort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string FindRepositoryRoot()
{
    for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        if (File.Exists(Path.Combine(folder.FullName, "harmonia")) && Directory.Exists(Path.Combine(folder.FullName, "src")))
            return folder.FullName;
    throw new InvalidOperationException("run this from inside the repository");
}

static Options ParseArguments(string[] args)
{
    string? composite = null, mask = null;
    string output = Path.Combine("docs", "images", "web-page.png"), model = "hdnet-lite", size = "256", split = "50";
    for (int i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--composite": composite = Path.GetFullPath(Value()); break;
            case "--mask": mask = Path.GetFullPath(Value()); break;
            case "--out": output = Path.GetFullPath(Value()); break;
            case "--model": model = Value(); break;
            case "--size": size = Value(); break;
            case "--split": split = Value(); break;
            default: throw new ArgumentException($"unknown option {args[i]}");
        }
    }
    if (composite is null || mask is null)
        throw new ArgumentException("give --composite C --mask M");
    return new Options(composite, mask, Path.GetFullPath(output), model, size, split);
}

internal sealed record Options(string Composite, string Mask, string Out, string Model, string Size, string Split);
