namespace Harmonia.Data.Synthesis;

/// <summary>How composites are made from a photo and its object mask.</summary>
public enum SynthesisRecipe
{
    /// <summary>PHNet's FFHQH recipe: torchvision colour jitter and tone ops on the foreground (<see cref="FfhqhRecipe"/>).</summary>
    Ffhqh,
    /// <summary>iHarmony4's idea: the foreground takes on another photo's colour statistics (<see cref="ColorTransfer"/>).</summary>
    ColorTransfer,
    /// <summary>Each composite picks one of the two recipes with equal probability.</summary>
    Mixed,
}

/// <summary>The command-line names of the recipes: "ffhqh", "color-transfer", "mixed".</summary>
public static class SynthesisRecipeNames
{
    /// <summary>Every recipe name, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = ["ffhqh", "color-transfer", "mixed"];

    /// <summary>The recipe's name as the command line and synthesis.json spell it.</summary>
    public static string ToName(this SynthesisRecipe recipe) => recipe switch
    {
        SynthesisRecipe.Ffhqh => "ffhqh",
        SynthesisRecipe.ColorTransfer => "color-transfer",
        SynthesisRecipe.Mixed => "mixed",
        _ => throw new ArgumentOutOfRangeException(nameof(recipe), recipe, "Unknown recipe."),
    };

    /// <summary>The recipe called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No recipe has that name; the message lists the names.</exception>
    public static SynthesisRecipe Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "ffhqh" => SynthesisRecipe.Ffhqh,
            "color-transfer" => SynthesisRecipe.ColorTransfer,
            "mixed" => SynthesisRecipe.Mixed,
            _ => throw new ArgumentException($"Unknown recipe '{name}'; use one of: {string.Join(", ", All)}.", nameof(name)),
        };
    }
}
