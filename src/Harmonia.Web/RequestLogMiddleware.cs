using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Harmonia.Web;

/// <summary>
/// Writes one line per request once it is answered:
/// <c>2026-12-04T13:05:09Z 127.0.0.1 POST /api/harmonize 200 0.84 s</c>. The path is the client's
/// text, so characters that could forge a line or steer a terminal are written as <c>\xNN</c>.
/// </summary>
internal sealed class RequestLogMiddleware(RequestDelegate next, TextWriter log, TimeProvider time)
{
    private readonly Lock gate = new();

    /// <summary>Runs the rest of the pipeline, then logs the request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        long started = time.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = time.GetElapsedTime(started);
            var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? "aborted" : context.Response.StatusCode.ToString(CultureInfo.InvariantCulture);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{time.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ} {context.Connection.RemoteIpAddress} {context.Request.Method} {Printable(context.Request.Path.Value + context.Request.QueryString.Value)} {status} {elapsed.TotalSeconds:0.00} s");
            lock (gate)
            {
                log.WriteLine(line);
                log.Flush();
            }
        }
    }

    /// <summary><paramref name="text"/> with control and non-ASCII characters written as <c>\xNN</c> (or <c>\uNNNN</c>).</summary>
    internal static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is >= ' ' and < (char)0x7F and not '\\') builder.Append(c);
            else if (c <= 0xFF) builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            else builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
        }
        return builder.ToString();
    }
}
