using Microsoft.AspNetCore.Http;

namespace Harmonia.Web;

/// <summary>
/// A request the server refuses, with the HTTP status and <see cref="ApiError"/> to answer it with.
/// Thrown from deep inside request handling (form parsing, decoding) and turned into the response in one place.
/// </summary>
internal sealed class ApiProblemException(int status, string error, string detail, TimeSpan? retryAfter = null)
    : Exception(detail)
{
    /// <summary>The HTTP status code.</summary>
    public int Status { get; } = status;

    /// <summary>The body.</summary>
    public ApiError Body { get; } = new(error, detail);

    /// <summary>When set, sent as a Retry-After header (whole seconds).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Writes this problem as the response, unless the response has already started.</summary>
    public async Task WriteAsync(HttpContext context)
    {
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = Status;
        if (RetryAfter is { } wait)
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await context.Response.WriteAsJsonAsync(Body, context.RequestAborted);
    }
}
