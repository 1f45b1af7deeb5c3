using Harmonia.Data.Synthesis;
using Harmonia.Tensors.Random;

namespace Harmonia.Data.Tests.Synthesis;

public class CompositeMixTests
{
    [Fact]
    public void Parses_names_with_and_without_weights()
    {
        var mix = CompositeMix.Parse(" lighting:0.55, iharmony:0.15 ,ffhqh", identityShare: 0.3);
        Assert.Equal([(SynthesisRecipe.Lighting, 0.55), (SynthesisRecipe.Iharmony, 0.15), (SynthesisRecipe.Ffhqh, 1.0)], mix.Recipes);
        Assert.Equal(0.3, mix.IdentityShare);
        Assert.True(mix.UsesReferencePhotos);
        Assert.False(CompositeMix.Parse("lighting", 0).UsesReferencePhotos);
    }

    [Theory]
    [InlineData("lighting:x", 0.3, "not a number")]
    [InlineData("lighting:-1", 0.3, "positive")]
    [InlineData("lighting:0", 0.3, "positive")]
    [InlineData("sunset", 0.3, "Unknown recipe 'sunset'")]
    [InlineData("lighting,lighting:2", 0.3, "listed twice")]
    [InlineData("", 0.3, "at least one recipe")]
    [InlineData("lighting", 1.0, "identity share")]
    public void Bad_mixes_are_refused_with_the_reason(string text, double identity, string expected)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => CompositeMix.Parse(text, identity));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Draws_follow_the_weights_and_the_identity_share()
    {
        var mix = CompositeMix.Parse("lighting:3,iharmony:1", identityShare: 0.2);
        var random = new RandomGenerator(9);
        var counts = new Dictionary<string, int>();
        const int draws = 20_000;
        for (int i = 0; i < draws; i++)
        {
            string key = mix.Draw(random)?.ToName() ?? "identity";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        // Expected shares 0.2, 0.6, 0.2; the standard deviation of each is at most 0.0035.
        Assert.InRange(counts["identity"] / (double)draws, 0.18, 0.22);
        Assert.InRange(counts["lighting"] / (double)draws, 0.58, 0.62);
        Assert.InRange(counts["iharmony"] / (double)draws, 0.18, 0.22);
        Assert.Equal("identity 20%, lighting 60%, iharmony 20%", mix.ToString());
    }
}
