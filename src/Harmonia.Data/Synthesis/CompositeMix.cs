using System.Globalization;
using Harmonia.Tensors.Random;

namespace Harmonia.Data.Synthesis;

/// <summary>
/// How on-the-fly training composites are drawn: a share of identity samples (the composite is
/// the photo itself, which teaches a model to leave a harmonious photo alone) and, for the rest,
/// recipes picked with the given weights.
/// </summary>
public sealed record CompositeMix
{
    /// <summary>The recipes and their relative weights (positive; they need not sum to 1).</summary>
    public IReadOnlyList<(SynthesisRecipe Recipe, double Weight)> Recipes { get; }

    /// <summary>Probability, in [0, 1), that a sample is the unchanged photo.</summary>
    public double IdentityShare { get; }

    /// <summary>Creates a mix.</summary>
    /// <exception cref="ArgumentException">No recipe, a weight that is not positive and finite, a recipe listed twice, or an identity share outside [0, 1).</exception>
    public CompositeMix(IReadOnlyList<(SynthesisRecipe Recipe, double Weight)> recipes, double identityShare)
    {
        ArgumentNullException.ThrowIfNull(recipes);
        if (recipes.Count == 0) throw new ArgumentException("A mix needs at least one recipe.", nameof(recipes));
        foreach (var (recipe, weight) in recipes)
        {
            if (!Enum.IsDefined(recipe)) throw new ArgumentException($"Unknown recipe {recipe}.", nameof(recipes));
            if (!(weight > 0) || double.IsInfinity(weight))
                throw new ArgumentException($"The weight of {recipe.ToName()} must be a positive number, got {weight.ToString(CultureInfo.InvariantCulture)}.", nameof(recipes));
        }
        var repeated = recipes.GroupBy(r => r.Recipe).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new ArgumentException($"The recipe {repeated.Key.ToName()} is listed twice.", nameof(recipes));
        // An identity share of 1 would train on nothing but unchanged photos.
        if (!(identityShare >= 0 && identityShare < 1))
            throw new ArgumentException($"The identity share must be in [0, 1), got {identityShare.ToString(CultureInfo.InvariantCulture)}.", nameof(identityShare));
        Recipes = recipes.ToArray();
        IdentityShare = identityShare;
    }

    /// <summary>True when some recipe takes colours from another photo.</summary>
    public bool UsesReferencePhotos => Recipes.Any(r => r.Recipe.UsesReferencePhotos());

    /// <summary>
    /// Parses a recipe list such as <c>lighting:0.55,iharmony:0.15</c> (a name alone weighs 1).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown recipe name, a bad weight, or a recipe listed twice; the message says which.</exception>
    public static CompositeMix Parse(string recipes, double identityShare)
    {
        ArgumentNullException.ThrowIfNull(recipes);
        var parsed = new List<(SynthesisRecipe, double)>();
        foreach (var item in recipes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = item.IndexOf(':');
            string name = colon < 0 ? item : item[..colon];
            double weight = 1;
            if (colon >= 0 && !double.TryParse(item[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out weight))
                throw new ArgumentException($"'{item}': the weight after ':' is not a number.", nameof(recipes));
            parsed.Add((SynthesisRecipeNames.Parse(name), weight));
        }
        return new CompositeMix(parsed, identityShare);
    }

    /// <summary>The recipe of one sample, or null for an identity sample.</summary>
    public SynthesisRecipe? Draw(RandomGenerator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (random.NextDouble() < IdentityShare) return null;
        double total = Recipes.Sum(r => r.Weight);
        double pick = random.NextDouble() * total;
        foreach (var (recipe, weight) in Recipes)
        {
            if (pick < weight) return recipe;
            pick -= weight;
        }
        return Recipes[^1].Recipe; // rounding left pick a hair above the last weight
    }

    /// <summary>Each choice's probability, e.g. "identity 30%, lighting 55%, iharmony 15%".</summary>
    public override string ToString()
    {
        double total = Recipes.Sum(r => r.Weight);
        var parts = new List<string>();
        if (IdentityShare > 0) parts.Add(Percent("identity", IdentityShare));
        parts.AddRange(Recipes.Select(r => Percent(r.Recipe.ToName(), (1 - IdentityShare) * r.Weight / total)));
        return string.Join(", ", parts);
    }

    private static string Percent(string name, double share) => string.Create(CultureInfo.InvariantCulture, $"{name} {share * 100:0.#}%");
}
