using Harmonia.Data.Synthesis;
using Harmonia.Imaging;
using Harmonia.Tensors.Random;

namespace Harmonia.Data.Tests.Synthesis;

public class RecipeTests
{
    [Fact]
    public void Ffhqh_draws_stay_in_torchvision_ranges_and_use_every_option()
    {
        var random = new RandomGenerator(1);
        var draws = Enumerable.Range(0, 400).Select(_ => FfhqhRecipe.Draw(random)).ToList();
        Assert.All(draws, d =>
        {
            Assert.Equal([0, 1, 2, 3], d.JitterOrder.Order());
            Assert.InRange(d.Brightness, 0.5, 1.5);
            Assert.InRange(d.Contrast, 0.6, 1.4);
            Assert.InRange(d.Saturation, 0.94, 1.06);
            Assert.InRange(d.Hue, -0.05, 0.05);
        });
        Assert.InRange(draws.Count(d => d.Posterize), 150, 250);
        Assert.InRange(draws.Count(d => d.Sharpen), 150, 250);
        Assert.InRange(draws.Count(d => d.Autocontrast), 150, 250);
        Assert.True(draws.Select(d => string.Join(",", d.JitterOrder)).Distinct().Count() > 12);
        // Same seed, same draws.
        Assert.Equal(FfhqhRecipe.Draw(new RandomGenerator(9)).Brightness, FfhqhRecipe.Draw(new RandomGenerator(9)).Brightness);
    }

    [Fact]
    public void Ffhqh_changes_only_the_foreground()
    {
        var photo = TestImages.Photo(20, 16, 3);
        var mask = Mask.FromImage(TestImages.RectangleMask(20, 16, 4, 4, 14, 12));
        var draw = new FfhqhRecipeDraw([0, 1, 2, 3], 1.4, 0.7, 1.0, 0.04, true, true, true);

        var composite = FfhqhRecipe.Apply(photo, mask, draw);

        Assert.True(TestImages.ForegroundPixelsChanged(photo, composite, mask) > mask.ForegroundPixelCount / 2);
    }

    [Fact]
    public void Ffhqh_takes_its_statistics_from_the_whole_photo_as_torchvision_does()
    {
        var photo = TestImages.Photo(20, 16, 4);
        var mask = Mask.FromImage(TestImages.RectangleMask(20, 16, 2, 2, 8, 8));
        var draw = new FfhqhRecipeDraw([1, 0, 2, 3], 1.0, 0.6, 1.0, 0.0, false, false, true);

        var composite = FfhqhRecipe.Apply(photo, mask, draw);

        Assert.Equal(ForegroundComposite.Compose(photo, FfhqhRecipe.Render(photo, null, draw), mask).Pixels, composite.Pixels);
        Assert.NotEqual(ForegroundComposite.Compose(photo, FfhqhRecipe.Render(photo, mask, draw), mask).Pixels, composite.Pixels);
    }

    [Fact]
    public void Colour_transfer_plans_never_take_the_photo_itself_as_reference()
    {
        var random = new RandomGenerator(2);
        var plans = Enumerable.Range(0, 300).Select(_ => CompositePlanner.Plan(SynthesisRecipe.ColorTransfer, random, selfPosition: 1, usablePhotoCount: 3)).ToList();
        Assert.All(plans, p =>
        {
            Assert.Equal(SynthesisRecipe.ColorTransfer, p.Recipe);
            Assert.NotEqual(1, p.Transfer!.ReferencePhoto);
            Assert.InRange(p.Transfer.ReferencePhoto, 0, 2);
            Assert.InRange(p.Transfer.Strength, 0.3, 1.0);
        });
        Assert.Equal(3, plans.Select(p => p.Transfer!.Method).Distinct().Count());
        Assert.Equal(2, plans.Select(p => p.Transfer!.ObjectRegion).Distinct().Count());
        Assert.Equal(2, plans.Select(p => p.Transfer!.ReferencePhoto).Distinct().Count());
    }

    [Fact]
    public void Mixed_plans_use_both_recipes()
    {
        var random = new RandomGenerator(3);
        var recipes = Enumerable.Range(0, 100).Select(_ => CompositePlanner.Plan(SynthesisRecipe.Mixed, random, 0, 5).Recipe).ToList();
        Assert.InRange(recipes.Count(r => r == SynthesisRecipe.Ffhqh), 30, 70);
        Assert.DoesNotContain(SynthesisRecipe.Mixed, recipes);
    }

    [Theory]
    [InlineData("ffhqh", SynthesisRecipe.Ffhqh)]
    [InlineData("Color-Transfer", SynthesisRecipe.ColorTransfer)]
    [InlineData(" mixed ", SynthesisRecipe.Mixed)]
    public void Recipe_names_parse(string name, SynthesisRecipe expected)
    {
        Assert.Equal(expected, SynthesisRecipeNames.Parse(name));
        Assert.Equal(expected, SynthesisRecipeNames.Parse(expected.ToName()));
    }

    [Fact]
    public void Unknown_recipe_names_list_the_valid_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => SynthesisRecipeNames.Parse("sepia"));
        Assert.Contains("ffhqh, color-transfer, mixed", error.Message);
    }

    [Fact]
    public void Photo_split_takes_exactly_the_rounded_fraction_and_depends_on_the_seed()
    {
        Assert.Equal(3, PhotoSplit.TestMembership(25, 0.1, 1).Count(t => t)); // 2.5 rounds away from zero
        Assert.Equal(0, PhotoSplit.TestMembership(25, 0, 1).Count(t => t));
        Assert.Equal(25, PhotoSplit.TestMembership(25, 1, 1).Count(t => t));
        Assert.Equal(PhotoSplit.TestMembership(40, 0.3, 5), PhotoSplit.TestMembership(40, 0.3, 5));
        Assert.NotEqual(PhotoSplit.TestMembership(40, 0.3, 5), PhotoSplit.TestMembership(40, 0.3, 6));
    }
}
