using System.Text.Json.Serialization;

namespace Harmonia.Web;

/// <summary>One entry of <c>GET /api/models</c>: a model the server knows and whether it can run.</summary>
/// <param name="Name">What to send in the "model" field.</param>
/// <param name="Description">One line for people.</param>
/// <param name="Available">True when the model is loaded and ready.</param>
/// <param name="Reason">Why it is not available (null when it is).</param>
/// <param name="IsDefault">True for the model used when a request names none.</param>
/// <param name="MinimumChange">
/// The colour map's default minimum change in 8-bit levels, which the request's "min_change" field replaces;
/// null for a model without a colour-map output (a baseline), which refuses that field.
/// </param>
public sealed record ModelInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("available")] bool Available,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("default")] bool IsDefault,
    [property: JsonPropertyName("minChange")] double? MinimumChange = null);
