using System.Net;
using System.Text.RegularExpressions;

namespace Harmonia.Web.Tests;

/// <summary>The page and its assets come from the server itself, never from elsewhere.</summary>
public sealed partial class PageServingTests : IAsyncLifetime
{
    private LoopbackServer server = null!;

    public async Task InitializeAsync() => server = await LoopbackServer.StartAsync();
    public async Task DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [InlineData("", "text/html")]
    [InlineData("index.html", "text/html")]
    [InlineData("app.js", "text/javascript")]
    [InlineData("style.css", "text/css")]
    public async Task Serves_the_page_files_with_their_types_and_a_self_only_policy(string path, string mediaType)
    {
        using var response = await server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        string policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);
    }

    [Theory]
    [InlineData("favicon.svg")]
    [InlineData("favicon.ico")] // what browsers ask for by themselves
    public async Task Serves_a_favicon(string path)
    {
        using var response = await server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_page_refers_only_to_its_own_files()
    {
        string html = await server.Client.GetStringAsync("");
        var references = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).Where(u => u != "#").ToList();

        Assert.Equal(["favicon.svg", "style.css", "app.js"], references);
        foreach (string reference in references)
            Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync(reference)).StatusCode);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
    }

    [Fact]
    public async Task Every_form_control_has_a_label()
    {
        string html = await server.Client.GetStringAsync("");
        var ids = ControlId().Matches(html).Select(m => m.Groups["id"].Value).ToList();

        Assert.NotEmpty(ids);
        foreach (string id in ids) Assert.Contains($"for=\"{id}\"", html);
    }

    [GeneratedRegex("""(?:src|href)="(?<url>[^"]*)""")]
    private static partial Regex AssetReference();

    [GeneratedRegex("""<(?:input|select)[^>]*\bid="(?<id>[^"]+)""")]
    private static partial Regex ControlId();
}
