using System.Text.Json.Nodes;

namespace Harmonia.Models;

/// <summary>Typed reads of optional config keys; a value of the wrong JSON type throws <see cref="InvalidOperationException"/> or <see cref="FormatException"/>.</summary>
internal static class ConfigJson
{
    public static string? Text(JsonObject o, string key) => o[key]?.GetValue<string>();

    public static int? Int(JsonObject o, string key) => o[key]?.GetValue<int>();

    public static int[]? Ints(JsonObject o, string key) => o[key]?.AsArray().Select(v => (int)v!.GetValue<double>()).ToArray();

}
