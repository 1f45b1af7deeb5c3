using System.Text.Json.Nodes;
using Harmonia.Training.Recipes;

namespace Harmonia.Training.Tests.Recipes;

/// <summary>The recipe's JSON form (stored in checkpoints) and the comparison that guards --resume.</summary>
public class RecipeJsonTests
{
    [Theory]
    [InlineData("hdnet-lite")]
    [InlineData("phnet-ffhqh")]
    public void JsonRoundTripsToTheSameRecipe(string preset)
    {
        var recipe = RecipeDefaults.ForPreset(preset, new RecipeOverrides(Steps: 1234, BatchSize: 3, LearningRate: 2.5e-4, Seed: ulong.MaxValue));
        var json = recipe.ToJson();
        var back = TrainingRecipe.FromJson(json);
        Assert.Empty(recipe.Differences(back));
        Assert.Equal(json, back.ToJson());
        Assert.Equal(ulong.MaxValue, back.Seed);
        Assert.Equal(2.5e-4, back.LearningRate);
        Assert.Equal(TrainingBudget.Steps(1234), back.Budget);
    }

    [Fact]
    public void JsonUsesReadableKeysAndNamesTheLengthUnit()
    {
        var o = JsonNode.Parse(RecipeDefaults.ForPreset("hdnet-lite").ToJson())!.AsObject();
        Assert.Equal("hdnet-lite", (string?)o["model"]);
        Assert.Equal("hdnet", (string?)o["spec"]!["architecture"]);
        Assert.Equal("adam", (string?)o["optimizer"]);
        Assert.Equal("hdnet-multi-step", (string?)o["schedule"]);
        Assert.Equal(120, (int?)o["epochs"]);
        Assert.False(o.ContainsKey("steps"));
    }

    [Theory]
    [InlineData("\"batch\":12", "\"batch\":12,\"colour\":1", "unknown key(s) in the training recipe: colour")]
    [InlineData("\"optimizer\":\"adam\"", "\"optimizer\":\"sgd\"", "\"optimizer\" is 'sgd'")]
    [InlineData("\"epochs\":120", "\"epochs\":120,\"steps\":5", "exactly one of")]
    [InlineData("\"batch\":12", "\"batch\":-1", "batch size")]
    [InlineData("\"loss\":\"hdnet-blended-mask-weighted-mse\"", "\"loss\":\"phnet\"", "does not fit a hdnet network")]
    [InlineData("{", "[", "not valid JSON")]
    public void DamagedJsonIsRefusedWithAMessageNamingTheProblem(string find, string replace, string expected)
    {
        var json = RecipeDefaults.ForPreset("hdnet-lite").ToJson();
        Assert.Contains(find, json);
        var e = Assert.Throws<InvalidDataException>(() => TrainingRecipe.FromJson(ReplaceFirst(json, find, replace)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void DifferencesNameEachChangedSettingWithBothValues()
    {
        var run = RecipeDefaults.ForPreset("hdnet-lite", new RecipeOverrides(Epochs: 10));
        var request = RecipeDefaults.ForPreset("hdnet-lite", new RecipeOverrides(Epochs: 20, BatchSize: 8));
        var differences = run.Differences(request);
        Assert.Equal(2, differences.Count);
        Assert.Contains("batch: 12 in the run, 8 requested", differences);
        Assert.Contains("length: 10 epochs in the run, 20 epochs requested", differences);
        Assert.Contains(run.Differences(RecipeDefaults.ForPreset("hdnet", new RecipeOverrides(Epochs: 10))), d => d.StartsWith("architecture:", StringComparison.Ordinal));
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        int i = text.IndexOf(find, StringComparison.Ordinal);
        return text[..i] + replace + text[(i + find.Length)..];
    }
}
