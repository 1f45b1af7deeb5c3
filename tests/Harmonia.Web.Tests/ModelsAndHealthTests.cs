using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Harmonia.Models;

namespace Harmonia.Web.Tests;

/// <summary><c>GET /api/models</c> and <c>GET /healthz</c> on the real server.</summary>
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
    public async Task Models_json_uses_the_documented_field_names()
    {
        string json = await server.Client.GetStringAsync("api/models");
        using var document = JsonDocument.Parse(json);

        var first = document.RootElement.EnumerateArray().First();
        Assert.Equal(["name", "description", "available", "reason", "default"], first.EnumerateObject().Select(p => p.Name));
    }
}
