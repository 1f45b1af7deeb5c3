using System.Net;
using System.Net.Http.Json;

namespace Harmonia.Web.Tests;

/// <summary>Checks that a response is a JSON error with the expected status and code.</summary>
internal static class ApiErrorAssert
{
    /// <summary>Asserts the status and error code, and returns the detail for further checks.</summary>
    public static async Task<string> IsErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var parsed = await response.Content.ReadFromJsonAsync<ApiError>();
        Assert.NotNull(parsed);
        Assert.Equal(error, parsed.Error);
        Assert.False(string.IsNullOrWhiteSpace(parsed.Detail));
        return parsed.Detail;
    }
}
