using System.Text.Json.Nodes;
using Harmonia.Models;

namespace Harmonia.Cli.Tests;

/// <summary><c>harmonia bench</c> times a preset, an architecture from <c>--config</c>, or a weights file's network.</summary>
public class BenchTests
{
    private static JsonObject Json(CliResult result)
    {
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        return JsonNode.Parse(result.Out.Trim())!.AsObject();
    }

    [Fact]
    public void A_weights_file_is_timed_with_the_architecture_it_holds()
    {
        string weights = TestData.Fixture("hdnet-ngf4", "weights.safetensors");
        long expected = ModelCatalog.RecognizeSpec(ModelCatalog.ReadWeights(weights))!.Build().ParameterCount();
        Assert.NotEqual(ModelCatalog.Find("hdnet-lite").Spec!.Build().ParameterCount(), expected);

        var inference = Json(CliHarness.Run("bench", "--weights", weights, "--size", "32", "--reps", "1", "--json"));
        var training = Json(CliHarness.Run("bench", "--weights", weights, "--size", "32", "--reps", "1", "--batch", "2", "--train", "--json"));

        Assert.Equal("weights.safetensors", (string?)inference["model"]);
        Assert.Equal(expected, (long)inference["params"]!);
        Assert.Equal(expected, (long)training["params"]!);
        Assert.True((double)training["median_s"]! > 0);
    }

    [Fact]
    public void A_config_is_timed_as_that_architecture()
    {
        using var folder = new TemporaryFolder();
        string config = folder.File("narrow.json");
        File.WriteAllText(config, """{"architecture":"hdnet","ngf":4}""");

        var result = Json(CliHarness.Run("bench", "--config", config, "--size", "32", "--reps", "1", "--json"));

        Assert.Equal("narrow.json", (string?)result["model"]);
        Assert.Equal(ModelSpec.FromJson(File.ReadAllText(config)).Build().ParameterCount(), (long)result["params"]!);
    }

    [Fact]
    public void Weights_that_do_not_fit_the_named_model_are_refused_naming_what_they_hold()
    {
        var result = CliHarness.Run("bench", "--model", "hdnet", "--weights", TestData.Fixture("hdnet-ngf4", "weights.safetensors"), "--size", "32");

        Assert.Equal(ExitCodes.RuntimeError, result.ExitCode);
        Assert.Contains("holds hdnet-ngf4 weights of another size, which do not fit hdnet", Assert.Single(result.ErrorLines));
    }
}
