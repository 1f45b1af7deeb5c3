using Harmonia.Models;
using Harmonia.Models.Hdnet;
using Harmonia.Training.Optimizers;
using Harmonia.Training.Recipes;
using Harmonia.Training.Schedules;

namespace Harmonia.Training.Tests.Recipes;

/// <summary>Each preset's published recipe, the user's overrides, and the scaled schedules.</summary>
public class RecipeDefaultsTests
{
    [Theory]
    [InlineData("hdnet", 32)]
    [InlineData("hdnet-lite", 8)]
    public void HdnetPresetsTrainByTheAuthorsRecipe(string preset, int ngf)
    {
        var recipe = RecipeDefaults.ForPreset(preset);
        Assert.Equal(preset, recipe.ModelName);
        Assert.Equal(ngf, Assert.IsType<HdnetConfig>(recipe.Spec.Config).Ngf);
        Assert.Equal(WeightInitialization.HdnetNormal, recipe.Initialization);
        Assert.Equal(TrainingLossKind.HdnetBlendedMaskWeightedMse, recipe.Loss);
        Assert.Equal(OptimizerKind.Adam, recipe.Optimizer);
        Assert.Equal((0.9, 0.999, 0.0), (recipe.Beta1, recipe.Beta2, recipe.WeightDecay));
        Assert.Equal(1e-3, recipe.LearningRate);
        Assert.Equal(12, recipe.BatchSize);
        Assert.Equal(256, recipe.ImageSize);
        Assert.Equal(TrainingBudget.Epochs(120), recipe.Budget);
        Assert.Equal(ScheduleKind.HdnetMultiStep, recipe.Schedule);

        var schedule = RecipeComponents.CreateSchedule(recipe);
        Assert.Equal(1e-3, schedule.LearningRate(99, 0), 15);
        Assert.Equal(1e-4, schedule.LearningRate(100, 0), 15);
        Assert.Equal(1e-4, schedule.LearningRate(109, 0), 15);
        Assert.Equal(1e-5, schedule.LearningRate(110, 0), 15);
        Assert.Equal(1e-5, schedule.LearningRate(119, 0), 15);
    }

    [Theory]
    [InlineData("phnet", 512)]
    [InlineData("phnet-lite", 256)]
    [InlineData("phnet-ffhqh", 1024)]
    public void PhnetPresetsTrainByThePapersStagedRecipe(string preset, int bottleneck)
    {
        var recipe = RecipeDefaults.ForPreset(preset);
        Assert.Equal(bottleneck, Assert.IsType<Harmonia.Models.Phnet.PhnetConfig>(recipe.Spec.Config).EncSizes[^1]);
        Assert.Equal(WeightInitialization.PyTorchDefault, recipe.Initialization);
        Assert.Equal(TrainingLossKind.Phnet, recipe.Loss);
        Assert.Equal(OptimizerKind.Lion, recipe.Optimizer);
        Assert.Equal((0.9, 0.99, 0.0), (recipe.Beta1, recipe.Beta2, recipe.WeightDecay));
        Assert.Equal(1e-4, recipe.LearningRate);
        Assert.Equal(16, recipe.BatchSize);
        Assert.Equal(256, recipe.ImageSize);
        Assert.Equal(TrainingBudget.Epochs(160), recipe.Budget);

        var schedule = Assert.IsType<StagedSchedule>(RecipeComponents.CreateSchedule(recipe));
        Assert.Equal([100, 10, 50], schedule.Stages.Select(s => s.Length));
        Assert.Equal([1e-4, 1e-5, 1e-7], schedule.Stages.Select(s => s.LearningRate));
        Assert.Equal(["feature_extractor"], schedule.Stages[0].FrozenModules);
        Assert.Equal(["encoder"], schedule.Stages[1].FrozenModules);
        Assert.Empty(schedule.Stages[2].FrozenModules);
    }

    [Fact]
    public void FewerEpochsScaleTheHdnetMilestonesProportionally()
    {
        var recipe = RecipeDefaults.ForPreset("hdnet-lite", new RecipeOverrides(Epochs: 12));
        var schedule = Assert.IsType<MultiStepSchedule>(RecipeComponents.CreateSchedule(recipe));
        Assert.Equal(ScheduleUnit.Epoch, schedule.Unit);
        Assert.Equal([(10, 0.1), (11, 0.01)], schedule.Milestones);
    }

    [Fact]
    public void AStepBudgetGivesAScheduleCountedInSteps()
    {
        var recipe = RecipeDefaults.ForPreset("hdnet", new RecipeOverrides(Steps: 600));
        Assert.Equal(TrainingBudget.Steps(600), recipe.Budget);
        var schedule = Assert.IsType<MultiStepSchedule>(RecipeComponents.CreateSchedule(recipe));
        Assert.Equal(ScheduleUnit.Step, schedule.Unit);
        Assert.Equal([(500, 0.1), (550, 0.01)], schedule.Milestones);
        Assert.Equal(1e-3, schedule.LearningRate(epoch: 99, step: 499), 15);
        Assert.Equal(1e-4, schedule.LearningRate(epoch: 0, step: 500), 15);
    }

    [Fact]
    public void PhnetStagesScaleToTheBudgetAndKeepTheirRateRatiosUnderAnotherBaseRate()
    {
        var recipe = RecipeDefaults.ForPreset("phnet", new RecipeOverrides(Epochs: 16, LearningRate: 1e-3));
        var schedule = Assert.IsType<StagedSchedule>(RecipeComponents.CreateSchedule(recipe));
        Assert.Equal([10, 1, 5], schedule.Stages.Select(s => s.Length));
        Assert.Equal(1e-3, schedule.Stages[0].LearningRate, 15);
        Assert.Equal(1e-4, schedule.Stages[1].LearningRate, 15);
        Assert.Equal(1e-6, schedule.Stages[2].LearningRate, 15);
        Assert.Equal(["feature_extractor"], schedule.Stages[0].FrozenModules);
    }

    [Fact]
    public void OverridesReplaceOnlyWhatTheyName()
    {
        var recipe = RecipeDefaults.ForPreset("hdnet-lite", new RecipeOverrides(BatchSize: 4, ImageSize: 128, Seed: 99, LearningRate: 5e-4));
        Assert.Equal((4, 128, 99UL, 5e-4), (recipe.BatchSize, recipe.ImageSize, recipe.Seed, recipe.LearningRate));
        Assert.Equal(TrainingBudget.Epochs(120), recipe.Budget);
        Assert.Equal(OptimizerKind.Adam, recipe.Optimizer);
    }

    [Fact]
    public void ACustomConfigGetsItsArchitecturesRecipe()
    {
        var recipe = RecipeDefaults.ForSpec(HdnetArchitecture.Instance.Spec(new HdnetConfig { Ngf = 16 }));
        Assert.Equal("config", recipe.ModelName);
        Assert.Equal(OptimizerKind.Adam, recipe.Optimizer);
        Assert.Equal(16, Assert.IsType<HdnetConfig>(recipe.Spec.Config).Ngf);
    }

    [Theory]
    [InlineData("reinhard", null, null, null, null, "baseline")]
    [InlineData("nonesuch", null, null, null, null, "unknown model")]
    [InlineData("hdnet", 10, 100, null, null, "either --epochs or --steps")]
    [InlineData("hdnet", 0, null, null, null, "--epochs must be at least 1")]
    [InlineData("hdnet", 2, null, null, null, "at least 3 epochs")]
    [InlineData("phnet", null, 2, null, null, "at least 3 steps")]
    [InlineData("hdnet", null, null, 0, null, "batch size")]
    [InlineData("hdnet", null, null, null, 100, "multiple of 8")]
    [InlineData("hdnet", null, null, null, 1 << 20, "multiple of 8 between")]
    public void BadRequestsAreRefusedWithAMessageNamingTheProblem(string model, int? epochs, int? steps, int? batch, int? size, string expected)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => RecipeDefaults.ForPreset(model, new RecipeOverrides(Epochs: epochs, Steps: steps, BatchSize: batch, ImageSize: size)));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-3)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ANonPositiveOrNonFiniteLearningRateIsRefused(double lr)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => RecipeDefaults.ForPreset("hdnet", new RecipeOverrides(LearningRate: lr)));
        Assert.Contains("learning rate", e.Message);
    }

    [Fact]
    public void HdnetTrainsAllParametersInOneGroup_PhnetGetsOneGroupPerModuleSoStagesCanFreezeThem()
    {
        var hdnet = Training.TrainingFixture.Recipe("hdnet", 10);
        var hdnetNetwork = hdnet.Spec.Build();
        var adam = Assert.IsType<Adam>(RecipeComponents.CreateOptimizer(hdnet, hdnetNetwork));
        Assert.Equal(hdnetNetwork.NamedParameters().Count(), Assert.Single(adam.Groups).Parameters.Count);
        Assert.Equal((0.9, 0.999), (adam.Beta1, adam.Beta2));

        var phnet = Training.TrainingFixture.Recipe("phnet", 10);
        var phnetNetwork = phnet.Spec.Build();
        var lion = Assert.IsType<Lion>(RecipeComponents.CreateOptimizer(phnet, phnetNetwork));
        Assert.Equal(PhnetRecipe.ModulePaths, lion.Groups.Select(g => g.Name));
        Assert.Equal((0.9, 0.99), (lion.Beta1, lion.Beta2));
        var staged = (StagedSchedule)RecipeComponents.CreateSchedule(phnet);
        staged.Stages[0].ApplyTo(lion);
        Assert.True(lion.Group("feature_extractor").Frozen);
        Assert.False(lion.Group("encoder").Frozen);
    }

    [Fact]
    public void DescribeSpellsOutTheScaledSchedule()
    {
        var lines = RecipeDefaults.ForPreset("hdnet-lite", new RecipeOverrides(Epochs: 12)).Describe().ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("hdnet-lite", lines["model"]);
        Assert.Equal("12", lines["batch"]);
        Assert.Equal("12 epochs", lines["length"]);
        Assert.Contains("×0.1 from epoch 10", lines["schedule"]);
        Assert.Contains("×0.01 from epoch 11", lines["schedule"]);

        var phnet = RecipeDefaults.ForPreset("phnet", new RecipeOverrides(Epochs: 16)).Describe().ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Contains("epochs 0–9 encoder-decoder", phnet["schedule"]);
        Assert.Contains("frozen feature_extractor", phnet["schedule"]);
        Assert.Contains("epochs 11–15 fine-tune", phnet["schedule"]);
    }

    [Fact]
    public void EveryNetworkPresetHasAValidDefaultRecipe_AndOnlyHdnetsLoaderRebuildsTheBackground()
    {
        foreach (var preset in ModelCatalog.Presets.Where(p => p.Spec is not null))
        {
            var recipe = RecipeDefaults.ForPreset(preset.Name);
            // HDNet and Harmonia's affine-head variant of it, which trains with HDNet's recipe.
            bool isHdnet = preset.Spec!.Architecture == Harmonia.Models.Hdnet.HdnetArchitecture.Instance
                           || preset.Spec.Architecture == Harmonia.Models.HdnetAffine.HdnetAffineArchitecture.Instance;
            Assert.Equal(isHdnet, RecipeComponents.CreatePreprocessing(recipe).ComposeBackgroundFromReal);
        }
    }

    [Fact]
    public void PublishedLengthsMatchTheSchedulesTheyScale()
    {
        Assert.Equal(MultiStepSchedule.HdnetEpochs, Harmonia.Models.Hdnet.HdnetArchitecture.Instance.Recipe.Epochs);
        Assert.Equal(PhnetRecipe.Create().TotalLength, Harmonia.Models.Phnet.PhnetArchitecture.Instance.Recipe.Epochs);
    }

    [Fact]
    public void ALossOfTheOtherRangeOrAScheduleThatFreezesAnotherNetworksModulesIsRefused()
    {
        var hdnet = RecipeDefaults.ForPreset("hdnet-lite");
        Assert.Contains("does not fit a hdnet network", Assert.Throws<ArgumentException>(() => (hdnet with { Loss = TrainingLossKind.Phnet }).Validate()).Message);
        Assert.Contains("needs a phnet network", Assert.Throws<ArgumentException>(() => (hdnet with { Schedule = ScheduleKind.PhnetStaged }).Validate()).Message);
        var phnet = RecipeDefaults.ForPreset("phnet-lite");
        Assert.Contains("does not fit a phnet network", Assert.Throws<ArgumentException>(() => (phnet with { Loss = TrainingLossKind.HdnetBlendedMaskWeightedMse }).Validate()).Message);
        (phnet with { Schedule = ScheduleKind.HdnetMultiStep }).Validate();
    }
}
