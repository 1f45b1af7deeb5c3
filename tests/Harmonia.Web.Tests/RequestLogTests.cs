using System.Net;
using System.Text.RegularExpressions;

namespace Harmonia.Web.Tests;

/// <summary>One log line per request, when the server is given somewhere to write them.</summary>
public sealed partial class RequestLogTests
{
    /// <summary>A writer the server's threads and the test can share.</summary>
    private sealed class SharedLog : StringWriter
    {
        private readonly Lock gate = new();
        public override void WriteLine(string? value) { lock (gate) base.WriteLine(value); }
        public string[] Lines() { lock (gate) return ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); }
    }

    [Fact]
    public async Task Each_request_gets_one_line_with_method_path_status_and_time()
    {
        var log = new SharedLog();
        await using (var server = await LoopbackServer.StartAsync(new ServerOptions { RequestLog = log }))
        {
            Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("nothing-here")).StatusCode);
            using var refused = await server.HarmonizeAsync(TestImages.CompositePng(8, 8), mask: null);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        var lines = log.Lines();
        Assert.Equal(3, lines.Length);
        Assert.Matches(LogLine("GET", "/healthz", 200), lines[0]);
        Assert.Matches(LogLine("GET", "/nothing-here", 404), lines[1]);
        Assert.Matches(LogLine("POST", "/api/harmonize", 400), lines[2]);
    }

    [Fact]
    public async Task Control_characters_in_a_path_cannot_forge_a_line_or_steer_a_terminal()
    {
        var log = new SharedLog();
        await using (var server = await LoopbackServer.StartAsync(new ServerOptions { RequestLog = log }))
            await server.Client.GetAsync("a%0Afake%201.2.3.4%20GET%20/%20200%1B%5B31m");

        var line = Assert.Single(log.Lines());
        Assert.Contains(@"/a\x0Afake 1.2.3.4 GET / 200\x1B[31m 404", line);
        Assert.DoesNotContain('\u001b', line);
    }

    private static Regex LogLine(string method, string path, int status) =>
        new($@"^\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ 127\.0\.0\.1 {method} {Regex.Escape(path)} {status} \d+\.\d\d s$");
}
