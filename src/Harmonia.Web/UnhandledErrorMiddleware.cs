using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Harmonia.Web;

/// <summary>
/// The last line of defence: any exception no endpoint expected becomes a logged 500 with a JSON
/// body, so a bug answers one request badly instead of dropping the connection without a word.
/// </summary>
internal sealed class UnhandledErrorMiddleware(RequestDelegate next, ILogger<UnhandledErrorMiddleware> logger)
{
    /// <summary>Runs the rest of the pipeline, catching what escapes it.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; nothing to answer and nothing wrong with the server.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unexpected error while handling {Method} {Path}", context.Request.Method, context.Request.Path);
            if (context.Response.HasStarted) return;
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(new ApiError("internal_error", $"the server failed unexpectedly: {e.Message}"));
        }
    }
}
