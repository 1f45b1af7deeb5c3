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

    [Fact]
    public async Task The_minimum_change_field_sets_the_colour_maps_minimum()
    {
        var source = new CatalogModelSource(bundled);
        Assert.Equal(Harmonia.Models.ColorMapHarmonizer.DefaultMinimumChange, source.Models.Single(m => m.Name == "hdnet-lite").MinimumChange);
        Assert.Null(source.Models.Single(m => m.Name == "reinhard").MinimumChange);
        await using var server = await LoopbackServer.StartAsync(models: source);
        const int width = 48, height = 40;
        var composite = TestImages.Composite(width, height);
        byte[] compositePng = TestImages.CompositePng(width, height), maskPng = TestImages.MaskPng(width, height);

        using var byDefault = await server.HarmonizeAsync(compositePng, maskPng, size: "64");
        using var keepEverything = await server.HarmonizeAsync(compositePng, maskPng, size: "64", minChange: "0");
        using var keepNothing = await server.HarmonizeAsync(compositePng, maskPng, size: "64", minChange: "255");

        Assert.Equal("6", byDefault.Headers.GetValues("X-Harmonia-Min-Change").Single());
        Assert.Equal("0", keepEverything.Headers.GetValues("X-Harmonia-Min-Change").Single());
        Assert.Equal("255", keepNothing.Headers.GetValues("X-Harmonia-Min-Change").Single());
        var everything = Harmonia.Imaging.Files.ImageFile.Load(await keepEverything.Content.ReadAsByteArrayAsync());
        var nothing = Harmonia.Imaging.Files.ImageFile.Load(await keepNothing.Content.ReadAsByteArrayAsync());
        // An untrained network still changes the object; a minimum above any change it can make takes all of it back.
        Assert.False(everything.Pixels.AsSpan().SequenceEqual(composite.Pixels), "with no minimum the object was left unchanged");
        Assert.True(nothing.Pixels.AsSpan().SequenceEqual(composite.Pixels), "a minimum of 255 levels left a change");
    }

    [Fact]
    public async Task The_color_guard_field_sets_the_colour_maps_guard_and_keeps_the_minimum()
    {
        await using var server = await LoopbackServer.StartAsync(models: new CatalogModelSource(bundled));
        byte[] compositePng = TestImages.CompositePng(48, 40), maskPng = TestImages.MaskPng(48, 40);

        using var byDefault = await server.HarmonizeAsync(compositePng, maskPng, size: "64");
        using var off = await server.HarmonizeAsync(compositePng, maskPng, size: "64", colorGuard: "off");
        using var tight = await server.HarmonizeAsync(compositePng, maskPng, size: "64", minChange: "0", colorGuard: "10,0.9");

        Assert.Equal(Harmonia.Models.ColorGuard.Default.ToString(), byDefault.Headers.GetValues("X-Harmonia-Color-Guard").Single());
        Assert.Equal("off", off.Headers.GetValues("X-Harmonia-Color-Guard").Single());
        Assert.Equal("6", off.Headers.GetValues("X-Harmonia-Min-Change").Single());
        Assert.Equal("10,0.9", tight.Headers.GetValues("X-Harmonia-Color-Guard").Single());
        Assert.Equal("0", tight.Headers.GetValues("X-Harmonia-Min-Change").Single());
    }

    [Theory]
    [InlineData("hdnet-lite", "min_change", "-1", "from 0 to 255")]
    [InlineData("hdnet-lite", "min_change", "256", "from 0 to 255")]
    [InlineData("hdnet-lite", "min_change", "six", "from 0 to 255")]
    [InlineData("hdnet-lite", "min_change", "NaN", "from 0 to 255")]
    [InlineData("reinhard", "min_change", "3", "model 'reinhard' has none")]
    [InlineData("hdnet-lite", "color_guard", "sometimes", "must be on, off or DEGREES,KEPT")]
    [InlineData("hdnet-lite", "color_guard", "20,2", "must be on, off or DEGREES,KEPT")]
    [InlineData("hdnet-lite", "color_guard", "181,0.5", "must be on, off or DEGREES,KEPT")]
    [InlineData("reinhard", "color_guard", "off", "model 'reinhard' has none")]
    public async Task A_bad_colour_map_field_is_refused_with_400(string model, string field, string value, string expected)
    {
        await using var server = await LoopbackServer.StartAsync(models: new CatalogModelSource(bundled));

        using var response = await server.HarmonizeAsync(TestImages.CompositePng(48, 40), TestImages.MaskPng(48, 40), model, "64",
            minChange: field == "min_change" ? value : null, colorGuard: field == "color_guard" ? value : null);

        Assert.Contains(expected, await ApiErrorAssert.IsErrorAsync(response, System.Net.HttpStatusCode.BadRequest, $"bad_{field}"));
    }

    [Fact]
    public async Task The_output_field_dense_returns_the_networks_own_pixels()
    {
        await using var server = await LoopbackServer.StartAsync(models: new CatalogModelSource(bundled));
        byte[] compositePng = TestImages.CompositePng(48, 40), maskPng = TestImages.MaskPng(48, 40);

        using var colorMap = await server.HarmonizeAsync(compositePng, maskPng, size: "64", minChange: "0", colorGuard: "off");
        using var dense = await server.HarmonizeAsync(compositePng, maskPng, size: "64", output: "dense");

        Assert.Equal(System.Net.HttpStatusCode.OK, dense.StatusCode);
        Assert.Equal("color-map", colorMap.Headers.GetValues("X-Harmonia-Output").Single());
        Assert.Equal("dense", dense.Headers.GetValues("X-Harmonia-Output").Single());
        Assert.False(dense.Headers.Contains("X-Harmonia-Min-Change"));
        var mapped = Harmonia.Imaging.Files.ImageFile.Load(await colorMap.Content.ReadAsByteArrayAsync());
        var pixels = Harmonia.Imaging.Files.ImageFile.Load(await dense.Content.ReadAsByteArrayAsync());
        // One colour transform of the object cannot reproduce the network's per-pixel output exactly.
        Assert.False(pixels.Pixels.AsSpan().SequenceEqual(mapped.Pixels), "output=dense gave the colour map's image");
    }

    [Theory]
    [InlineData("hdnet-lite", "sparse", null, "must be color-map")]
    [InlineData("reinhard", "dense", null, "is a baseline")]
    [InlineData("hdnet-lite", "dense", "0", "not to output=dense")]
    public async Task A_bad_output_field_is_refused_with_400(string model, string output, string? minChange, string expected)
    {
        await using var server = await LoopbackServer.StartAsync(models: new CatalogModelSource(bundled));

        using var response = await server.HarmonizeAsync(TestImages.CompositePng(48, 40), TestImages.MaskPng(48, 40), model, "64",
            minChange: minChange, output: output);

        Assert.Contains(expected, await ApiErrorAssert.IsErrorAsync(response, System.Net.HttpStatusCode.BadRequest, "bad_output"));
    }

    [Theory]
    [InlineData("min-change", false)]
    [InlineData("Model", false)]
    [InlineData("background", true)]
    public async Task A_field_the_api_does_not_read_is_refused_not_ignored(string field, bool asFile)
    {
        string detail = await RefusalOfFormWithAddedFieldAsync(field, asFile, model: null, "unknown_field");
        Assert.Contains($"'{field}'", detail);
        Assert.Contains("min_change", detail);
    }

    [Theory]
    [InlineData("composite", true)]
    [InlineData("mask", true)]
    [InlineData("model", false)]
    public async Task A_field_sent_twice_is_refused_not_settled_by_order(string field, bool asFile)
    {
        string detail = await RefusalOfFormWithAddedFieldAsync(field, asFile, model: "hdnet-lite", "repeated_field");
        Assert.Contains($"'{field}'", detail);
    }

    // Posts a valid form (size 64, with a model field when one is given) with one more field, a file or the
    // text "composite" (a model name, so a second model field is valid on its own), and returns the 400's
    // detail. Form field names are case-insensitive: with a model field, "Model" would be a repeat.
    private async Task<string> RefusalOfFormWithAddedFieldAsync(string field, bool asFile, string? model, string expectedError)
    {
        await using var server = await LoopbackServer.StartAsync(models: new CatalogModelSource(bundled));
        using var form = LoopbackServer.Form(TestImages.CompositePng(48, 40), TestImages.MaskPng(48, 40), model: model, size: "64");
        if (asFile) form.Add(new ByteArrayContent(TestImages.MaskPng(48, 40)), field, "extra.png");
        else form.Add(new StringContent("composite"), field);

        using var response = await server.Client.PostAsync("api/harmonize", form);

        return await ApiErrorAssert.IsErrorAsync(response, System.Net.HttpStatusCode.BadRequest, expectedError);
    }
}
