using Microsoft.AspNetCore.Http;

namespace Harmonia.Web;

/// <summary>
/// The web page's files (HTML, CSS, JavaScript), embedded in this assembly so the server needs no
/// folder on disk and the page loads nothing from outside the server.
/// </summary>
internal sealed class EmbeddedPage
{
    private const string ResourcePrefix = "Harmonia.Web.Page.";

    /// <summary>
    /// Only the server's own origin may supply scripts, styles and data; images may also be the
    /// blob: URLs the page makes from uploads and results.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' blob: data:; connect-src 'self' blob:; script-src 'self'; style-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private readonly Dictionary<string, (byte[] Content, string ContentType)> files = new(StringComparer.Ordinal);

    /// <summary>Reads every embedded page file.</summary>
    public EmbeddedPage()
    {
        var assembly = typeof(EmbeddedPage).Assembly;
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            string fileName = resource[ResourcePrefix.Length..];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[fileName] = (buffer.ToArray(), ContentTypeOf(fileName));
        }
        if (!files.ContainsKey("index.html")) throw new InvalidOperationException("the web page (index.html) is not embedded in Harmonia.Web");
    }

    /// <summary>The embedded file names, e.g. "index.html", "app.js".</summary>
    public IEnumerable<string> FileNames => files.Keys;

    /// <summary>Answers with the embedded file <paramref name="fileName"/>.</summary>
    public async Task ServeAsync(HttpContext context, string fileName)
    {
        var (content, contentType) = files[fileName];
        var headers = context.Response.Headers;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = content.Length;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        await context.Response.Body.WriteAsync(content, context.RequestAborted);
    }

    private static string ContentTypeOf(string fileName) => Path.GetExtension(fileName) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}
