namespace Harmonia.Web.Tests;

public sealed class CatalogModelSourceTests
{
    [Fact]
    public void Without_weights_the_default_is_reinhard_and_networks_are_unavailable_with_a_reason()
    {
        var source = new CatalogModelSource(LoopbackServer.NoBundledModels);

        Assert.Equal("reinhard", source.DefaultModel);
        Assert.Equal("reinhard", source.Get("reinhard").Name);
        Assert.Same(source.Get("reinhard"), source.Get("reinhard"));
        var hdnet = source.Models.Single(m => m.Name == "hdnet");
        Assert.False(hdnet.Available);
        Assert.Contains("no bundled weights", hdnet.Reason);
        Assert.Throws<ArgumentException>(() => source.Get("hdnet"));
    }

    [Fact]
    public void The_preferred_default_is_used_when_it_loads_and_ignored_when_it_does_not()
    {
        Assert.Equal("composite", new CatalogModelSource(LoopbackServer.NoBundledModels, preferredDefault: "composite").DefaultModel);
        // hdnet has no weights here, so the usual choice stands.
        Assert.Equal("reinhard", new CatalogModelSource(LoopbackServer.NoBundledModels, preferredDefault: "hdnet").DefaultModel);
        Assert.Throws<ArgumentException>(() => new CatalogModelSource(LoopbackServer.NoBundledModels, preferredDefault: "nope"));
    }

    [Fact]
    public void Weights_for_an_unknown_model_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new CatalogModelSource(LoopbackServer.NoBundledModels, new Dictionary<string, string> { ["nope"] = "x.pth" }));
        Assert.Contains("nope", error.Message);
    }

    [Fact]
    public void A_weights_file_that_does_not_exist_makes_only_that_model_unavailable()
    {
        var source = new CatalogModelSource(LoopbackServer.NoBundledModels, new Dictionary<string, string> { ["hdnet"] = "/nonexistent/hdnet.pth" });

        var hdnet = source.Models.Single(m => m.Name == "hdnet");
        Assert.False(hdnet.Available);
        Assert.False(string.IsNullOrWhiteSpace(hdnet.Reason));
        Assert.True(source.Models.Single(m => m.Name == "reinhard").Available);
    }
}
