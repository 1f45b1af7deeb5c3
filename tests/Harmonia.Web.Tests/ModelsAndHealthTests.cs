using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Harmonia.Models;

namespace Harmonia.Web.Tests;

/// <summary><c>GET /api/models</c>, <c>GET /api/limits</c> and <c>GET /healthz</c> on the real server.</summary>
public sealed class ModelsAndHealthTests : IAsyncLifetime
{
    private LoopbackServer server = null!;

    public async Task InitializeAsync() => server = await LoopbackServer.StartAsync();
    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Health_check_answers_ok()
    {
        using var response = await server.Client.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Models_lists_every_catalog_preset_with_baselines_available_and_networks_without_weights_not()
    {
        var models = await server.Client.GetFromJsonAsync<List<ModelInfo>>("api/models");

        Assert.NotNull(models);
        Assert.Equal(ModelCatalog.Presets.Select(p => p.Name), models.Select(m => m.Name));
        Assert.All(models, m => Assert.False(string.IsNullOrWhiteSpace(m.Description)));
        foreach (var baseline in new[] { "composite", "reinhard" })
        {
            var model = models.Single(m => m.Name == baseline);
            Assert.True(model.Available);
            Assert.Null(model.Reason);
        }
        var lite = models.Single(m => m.Name == "hdnet-lite");
        Assert.False(lite.Available);
        Assert.Contains("weights", lite.Reason);
        Assert.Equal("reinhard", Assert.Single(models, m => m.IsDefault).Name);
    }

    [Fact]
    public async Task Limits_report_the_servers_options_under_the_documented_names()
    {
        var options = new ServerOptions { MaxUploadBytes = 12_345, MaxImagePixels = 678_901, MaxWorkingSize = 300, MaxNativePixels = 9_000, DefaultWorkingSize = 200 };
        await using var custom = await LoopbackServer.StartAsync(options);

        using var document = JsonDocument.Parse(await custom.Client.GetStringAsync("api/limits"));
        var limits = document.RootElement;
        Assert.Equal(["maxUploadBytes", "maxImagePixels", "maxWorkingSize", "maxNativePixels", "defaultWorkingSize"], limits.EnumerateObject().Select(p => p.Name));
        Assert.Equal(12_345, limits.GetProperty("maxUploadBytes").GetInt64());
        Assert.Equal(678_901, limits.GetProperty("maxImagePixels").GetInt64());
        Assert.Equal(300, limits.GetProperty("maxWorkingSize").GetInt32());
        Assert.Equal(9_000, limits.GetProperty("maxNativePixels").GetInt64());
        Assert.Equal(200, limits.GetProperty("defaultWorkingSize").GetInt32());
    }

    [Fact]
    public async Task Models_json_uses_the_documented_field_names()
    {
        string json = await server.Client.GetStringAsync("api/models");
        using var document = JsonDocument.Parse(json);

        var first = document.RootElement.EnumerateArray().First();
        Assert.Equal(["name", "description", "available", "reason", "default", "minChange"], first.EnumerateObject().Select(p => p.Name));
    }
}
