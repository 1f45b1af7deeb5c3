using System.Text.Json;
using System.Text.Json.Nodes;
using Harmonia.Models;
using Harmonia.Training.Schedules;

namespace Harmonia.Training.Recipes;

/// <summary>
/// The JSON form of a <see cref="TrainingRecipe"/>: snake_case keys, the architecture as the
/// nested <see cref="ModelSpec"/> JSON, and the length as either <c>epochs</c> or <c>steps</c>.
/// </summary>
internal static class RecipeJson
{
    private static readonly string[] KnownKeys =
        ["model", "spec", "init", "loss", "optimizer", "beta1", "beta2", "weight_decay", "lr", "batch", "size", "epochs", "steps", "schedule", "seed"];

    public static string Write(TrainingRecipe recipe)
    {
        var o = new JsonObject
        {
            ["model"] = recipe.ModelName,
            ["spec"] = JsonNode.Parse(recipe.Spec.ToJson()),
            ["init"] = Name(recipe.Initialization),
            ["loss"] = Name(recipe.Loss),
            ["optimizer"] = Name(recipe.Optimizer),
            ["beta1"] = recipe.Beta1,
            ["beta2"] = recipe.Beta2,
            ["weight_decay"] = recipe.WeightDecay,
            ["lr"] = recipe.LearningRate,
            ["batch"] = recipe.BatchSize,
            ["size"] = recipe.ImageSize,
            [recipe.Budget.Unit == ScheduleUnit.Epoch ? "epochs" : "steps"] = recipe.Budget.Length,
            ["schedule"] = Name(recipe.Schedule),
            ["seed"] = recipe.Seed,
        };
        return o.ToJsonString();
    }

    public static TrainingRecipe Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject o;
        try
        {
            o = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("a training recipe must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the training recipe is not valid JSON: {e.Message}");
        }
        var unknown = o.Select(kv => kv.Key).Where(k => !KnownKeys.Contains(k)).ToList();
        if (unknown.Count > 0) throw new InvalidDataException($"unknown key(s) in the training recipe: {string.Join(", ", unknown)}");
        if (o.ContainsKey("epochs") == o.ContainsKey("steps"))
            throw new InvalidDataException("the training recipe must give exactly one of \"epochs\" and \"steps\"");
        try
        {
            var spec = ModelSpec.FromJson((o["spec"] ?? throw Missing("spec")).ToJsonString());
            var recipe = new TrainingRecipe
            {
                ModelName = Required<string>(o, "model"),
                Spec = spec,
                Initialization = Parse<WeightInitialization>(Required<string>(o, "init"), "init"),
                Loss = Parse<TrainingLossKind>(Required<string>(o, "loss"), "loss"),
                Optimizer = Parse<OptimizerKind>(Required<string>(o, "optimizer"), "optimizer"),
                Beta1 = Required<double>(o, "beta1"),
                Beta2 = Required<double>(o, "beta2"),
                WeightDecay = o["weight_decay"]?.GetValue<double>() ?? 0,
                LearningRate = Required<double>(o, "lr"),
                BatchSize = Required<int>(o, "batch"),
                ImageSize = Required<int>(o, "size"),
                Budget = o.ContainsKey("epochs") ? TrainingBudget.Epochs(Required<int>(o, "epochs")) : TrainingBudget.Steps(Required<int>(o, "steps")),
                Schedule = Parse<ScheduleKind>(Required<string>(o, "schedule"), "schedule"),
                Seed = o["seed"]?.GetValue<ulong>() ?? 0,
            };
            recipe.Validate();
            return recipe;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"bad training recipe: {e.Message}");
        }
    }

    /// <summary>
    /// kebab-case of an enum member: <c>HdnetMultiStep</c> → <c>hdnet-multi-step</c>. A capital starts a
    /// word only when a lower-case letter follows, so a trailing one stays in its word: <c>AdamW</c> → <c>adamw</c>.
    /// </summary>
    private static string Name<T>(T value) where T : struct, Enum
    {
        var text = value.ToString();
        var chars = new List<char>(text.Length + 4);
        for (int i = 0; i < text.Length; i++)
        {
            bool startsWord = char.IsUpper(text[i]) && i > 0 && i + 1 < text.Length && char.IsLower(text[i + 1]);
            if (startsWord) chars.Add('-');
            chars.Add(char.ToLowerInvariant(text[i]));
        }
        return new string(chars.ToArray());
    }

    private static T Parse<T>(string text, string key) where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
            if (Name(value) == text) return value;
        throw new InvalidDataException($"\"{key}\" is '{text}' (expected {string.Join(", ", Enum.GetValues<T>().Select(v => Name(v)))})");
    }

    private static T Required<T>(JsonObject o, string key) => o[key] is { } node ? node.GetValue<T>() : throw Missing(key);

    private static InvalidDataException Missing(string key) => new($"the training recipe has no \"{key}\"");
}
