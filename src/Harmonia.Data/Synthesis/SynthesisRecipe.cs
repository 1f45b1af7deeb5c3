namespace Harmonia.Data.Synthesis;

/// <summary>How composites are made from a photo and its object mask.</summary>
public enum SynthesisRecipe
{
    /// <summary>PHNet's FFHQH recipe: torchvision colour jitter and tone ops on the foreground (<see cref="FfhqhRecipe"/>).</summary>
    Ffhqh,
    /// <summary>iHarmony4's idea: the foreground takes on another photo's colour statistics (<see cref="ColorTransfer"/>).</summary>
    ColorTransfer,
    /// <summary>Each composite picks <see cref="Ffhqh"/> or <see cref="ColorTransfer"/> with equal probability.</summary>
    Mixed,
    /// <summary>A change of light and camera on the foreground, never a hue rotation (<see cref="LightingShift"/>).</summary>
    Lighting,
    /// <summary>iHarmony4-like: a colour transfer toward another photo, then exposure, white balance and gamma (<see cref="LightingShift.DrawFinishing"/>).</summary>
    Iharmony,
}

/// <summary>The command-line names of the recipes: "ffhqh", "color-transfer", "mixed", "lighting", "iharmony".</summary>
public static class SynthesisRecipeNames
{
    /// <summary>Every recipe name, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = ["ffhqh", "color-transfer", "mixed", "lighting", "iharmony"];

    /// <summary>The recipe's name as the command line and synthesis.json spell it.</summary>
    public static string ToName(this SynthesisRecipe recipe) => recipe switch
    {
        SynthesisRecipe.Ffhqh => "ffhqh",
        SynthesisRecipe.ColorTransfer => "color-transfer",
        SynthesisRecipe.Mixed => "mixed",
        SynthesisRecipe.Lighting => "lighting",
        SynthesisRecipe.Iharmony => "iharmony",
        _ => throw new ArgumentOutOfRangeException(nameof(recipe), recipe, "Unknown recipe."),
    };

    /// <summary>True when the recipe takes colours from another photo, so it needs two usable photos and their statistics.</summary>
    public static bool UsesReferencePhotos(this SynthesisRecipe recipe) =>
        recipe is SynthesisRecipe.ColorTransfer or SynthesisRecipe.Mixed or SynthesisRecipe.Iharmony;

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
            "lighting" => SynthesisRecipe.Lighting,
            "iharmony" => SynthesisRecipe.Iharmony,
            _ => throw new ArgumentException($"Unknown recipe '{name}'; use one of: {string.Join(", ", All)}.", nameof(name)),
        };
    }
}
