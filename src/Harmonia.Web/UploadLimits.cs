using System.Text.Json.Serialization;

namespace Harmonia.Web;

/// <summary>
/// The body of <c>GET /api/limits</c>: what <c>POST /api/harmonize</c> accepts, so a client (the
/// page) can refuse an oversized file before sending it. A browser that streams a body over the
/// upload limit often sees the connection closed instead of the server's 413 answer.
/// </summary>
/// <param name="MaxUploadBytes">Largest request body, both files and the form fields together.</param>
/// <param name="MaxImagePixels">Largest width × height of either image.</param>
/// <param name="MaxWorkingSize">Largest integer working size.</param>
/// <param name="MaxNativePixels">Largest width × height harmonized at "native" size.</param>
/// <param name="DefaultWorkingSize">Working size used when a request gives none.</param>
public sealed record UploadLimits(
    [property: JsonPropertyName("maxUploadBytes")] long MaxUploadBytes,
    [property: JsonPropertyName("maxImagePixels")] long MaxImagePixels,
    [property: JsonPropertyName("maxWorkingSize")] int MaxWorkingSize,
    [property: JsonPropertyName("maxNativePixels")] long MaxNativePixels,
    [property: JsonPropertyName("defaultWorkingSize")] int DefaultWorkingSize)
{
    /// <summary>The limits of a server started with <paramref name="options"/>.</summary>
    public static UploadLimits From(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.MaxUploadBytes, options.MaxImagePixels, options.MaxWorkingSize, options.MaxNativePixels, options.DefaultWorkingSize);
    }
}
