namespace Harmonia.Web.Tests;

/// <summary>A network with weights in the bundled folder becomes available and the default.</summary>
public sealed class BundledNetworkTests : IDisposable
{
    private readonly string bundled = Directory.CreateTempSubdirectory("harmonia-web-bundled-").FullName;

    public BundledNetworkTests()
    {
        // Freshly initialized (untrained) weights: enough to prove the server loads and runs a network.
        var preset = Harmonia.Models.ModelCatalog.Find("hdnet-lite");
        var network = preset.Spec!.Build();
        Harmonia.NN.Serialization.SafeTensorsFile.Write(Path.Combine(bundled, preset.BundledWeights!), network.ToStateDict());
    }

    public void Dispose() => Directory.Delete(bundled, recursive: true);

    [Fact]
    public void The_bundled_network_is_available_and_the_default()
    {
        var source = new CatalogModelSource(bundled);

        Assert.Equal("hdnet-lite", source.DefaultModel);
        Assert.True(source.Models.Single(m => m.Name == "hdnet-lite").Available);
        Assert.True(source.Models.Single(m => m.Name == "hdnet-lite").IsDefault);
        Assert.Equal(8, source.Get("hdnet-lite").SizeMultiple);
    }

    [Fact]
    public async Task The_server_harmonizes_with_it_and_refuses_sizes_that_are_not_multiples_of_8()
    {
        await using var server = await LoopbackServer.StartAsync(models: new CatalogModelSource(bundled));
        const int width = 48, height = 40;
        var composite = TestImages.Composite(width, height);

        using var response = await server.HarmonizeAsync(TestImages.CompositePng(width, height), TestImages.MaskPng(width, height), size: "64");
        using var badSize = await server.HarmonizeAsync(TestImages.CompositePng(width, height), TestImages.MaskPng(width, height), size: "60");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hdnet-lite", response.Headers.GetValues("X-Harmonia-Model").Single());
        var result = Harmonia.Imaging.Files.ImageFile.Load(await response.Content.ReadAsByteArrayAsync());
        BackgroundAssert.Unchanged(composite, result, (x, y) => TestImages.IsForeground(x, y, width, height));
        string detail = await ApiErrorAssert.IsErrorAsync(badSize, System.Net.HttpStatusCode.BadRequest, "bad_size");
        Assert.Contains("multiple of 8", detail);
    }
}
