using System.Text.Json.Serialization;

namespace Harmonia.Web;

/// <summary>The JSON body of every error response: a stable code and a sentence for people.</summary>
/// <param name="Error">A short stable code, e.g. "invalid_mask" or "busy".</param>
/// <param name="Detail">What exactly is wrong, naming the offending part of the request.</param>
public sealed record ApiError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("detail")] string Detail);
