using Harmonia.Models;
using Harmonia.Training.Optimizers;
using Harmonia.Training.Recipes;
using Harmonia.Training.Schedules;
using Harmonia.Training.Tests.Training;

namespace Harmonia.Training.Tests.Recipes;

/// <summary><c>train --optimizer</c>, <c>--weight-decay</c> and <c>--schedule</c>: the recipe they make, and a resume that keeps them.</summary>
public class RecipeChoiceOverridesTests
{
    [Fact]
    public void AdamWKeepsAdamsBetasAndDecaysByPyTorchsDefaultUnlessTold()
    {
        var recipe = RecipeDefaults.ForPreset("hdnet-lite", new RecipeOverrides(Optimizer: OptimizerKind.AdamW));
        Assert.Equal((OptimizerKind.AdamW, 0.9, 0.999, 0.01), (recipe.Optimizer, recipe.Beta1, recipe.Beta2, recipe.WeightDecay));
        Assert.IsType<AdamW>(RecipeComponents.CreateOptimizer(recipe, recipe.Spec.Build()));

        var told = RecipeDefaults.ForPreset("hdnet-lite", new RecipeOverrides(Optimizer: OptimizerKind.AdamW, WeightDecay: 0));
        Assert.Equal(0, told.WeightDecay);
    }

    [Fact]
    public void SwitchingFamilyTakesThatFamilysBetas()
    {
        var lion = RecipeDefaults.ForPreset("hdnet-lite", new RecipeOverrides(Optimizer: OptimizerKind.Lion, WeightDecay: 0.5));
        Assert.Equal((0.9, 0.99, 0.5), (lion.Beta1, lion.Beta2, lion.WeightDecay));
        Assert.IsType<Lion>(RecipeComponents.CreateOptimizer(lion, lion.Spec.Build()));

        var adam = RecipeDefaults.ForPreset("phnet-lite", new RecipeOverrides(Optimizer: OptimizerKind.Adam));
        Assert.Equal((0.9, 0.999, 0.0), (adam.Beta1, adam.Beta2, adam.WeightDecay));
        Assert.IsType<Adam>(RecipeComponents.CreateOptimizer(adam, adam.Spec.Build()));
    }

    [Fact]
    public void WithoutOverridesTheRecipeIsThePublishedOne()
    {
        var recipe = RecipeDefaults.ForPreset("hdnet-lite");
        Assert.Equal((OptimizerKind.Adam, 0.0, ScheduleKind.HdnetMultiStep), (recipe.Optimizer, recipe.WeightDecay, recipe.Schedule));
    }

    [Fact]
    public void ConstantAndCosineSchedulesSpanTheRun()
    {
        var constant = RecipeDefaults.ForPreset("hdnet-lite", new RecipeOverrides(Steps: 10, LearningRate: 2e-3, Schedule: ScheduleKind.Constant));
        var constantSchedule = Assert.IsType<ConstantSchedule>(RecipeComponents.CreateSchedule(constant));
        Assert.Equal(2e-3, constantSchedule.LearningRate(0, 9));

        var cosine = RecipeDefaults.ForPreset("phnet-lite", new RecipeOverrides(Steps: 10, Schedule: ScheduleKind.Cosine));
        var cosineSchedule = Assert.IsType<CosineAnnealingSchedule>(RecipeComponents.CreateSchedule(cosine));
        Assert.Equal((10, ScheduleUnit.Step), (cosineSchedule.Horizon, cosineSchedule.Unit));
        Assert.Equal(1e-4, cosineSchedule.LearningRate(0, 0), 15);
        Assert.Equal(0.5e-4, cosineSchedule.LearningRate(0, 5), 15);
        Assert.Contains("cosine from 0.0001 towards 0 over 10 steps", cosine.Describe().Single(line => line.Key == "schedule").Value);
    }

    [Fact]
    public void OnlyThePublishedThreePhaseSchedulesNeedThreeSteps()
    {
        Assert.Contains("at least 3 steps", Assert.ThrowsAny<ArgumentException>(() => RecipeDefaults.ForPreset("hdnet", new RecipeOverrides(Steps: 2))).Message);
        Assert.Equal(1, RecipeDefaults.ForPreset("hdnet", new RecipeOverrides(Steps: 1, Schedule: ScheduleKind.Constant)).Budget.Length);
        Assert.Equal(2, RecipeDefaults.ForPreset("phnet", new RecipeOverrides(Steps: 2, Schedule: ScheduleKind.Cosine)).Budget.Length);
    }

    [Fact]
    public void TheChoicesSurviveTheCheckpointsJsonAndADifferentChoiceIsADifference()
    {
        var recipe = RecipeDefaults.ForPreset("hdnet-lite", new RecipeOverrides(Optimizer: OptimizerKind.AdamW, WeightDecay: 0.05, Schedule: ScheduleKind.Cosine));
        string json = recipe.ToJson();
        Assert.Contains("\"optimizer\":\"adamw\"", json);
        Assert.Contains("\"schedule\":\"cosine\"", json);
        Assert.Equal(recipe, TrainingRecipe.FromJson(json));

        var plainAdam = RecipeDefaults.ForPreset("hdnet-lite", new RecipeOverrides(WeightDecay: 0.05, Schedule: ScheduleKind.Cosine));
        Assert.Equal(["optimizer: AdamW in the run, Adam requested"], recipe.Differences(plainAdam));
        var constant = recipe with { Schedule = ScheduleKind.Constant };
        Assert.Equal(["schedule: Cosine in the run, Constant requested"], recipe.Differences(constant));
    }

    [Theory]
    [InlineData("hdnet")]
    [InlineData("phnet")]
    public void AResumeKeepsTheChosenOptimizerAndScheduleBitExactlyAndRefusesAChange(string architecture)
    {
        var options = new TrainerOptions { CheckpointEvery = 2, LogEvery = 1 };
        var recipe = TrainingFixture.Recipe(architecture, 4) with
        {
            Optimizer = OptimizerKind.AdamW, Beta1 = 0.9, Beta2 = 0.999, WeightDecay = 0.05, Schedule = ScheduleKind.Cosine,
        };

        using var straightDirectory = new TempDirectory();
        using var straight = Trainer.StartNew(recipe, straightDirectory.Path, TrainingFixture.Data(), options: options);
        straight.Run();
        // The choices reach the step: the published recipe ends elsewhere.
        using var publishedDirectory = new TempDirectory();
        using var published = Trainer.StartNew(TrainingFixture.Recipe(architecture, 4), publishedDirectory.Path, TrainingFixture.Data(), options: options);
        published.Run();
        Assert.NotNull(Record.Exception(() => TrainingFixture.AssertBitIdentical(published.Network.ToStateDict(), straight.Network.ToStateDict(), "weights")));

        // Killed right after the step-2 checkpoint.
        using var halfDirectory = new TempDirectory();
        using (var half = Trainer.StartNew(recipe, halfDirectory.Path, TrainingFixture.Data(), options: options with { Monitor = new RecordingMonitor(killAfterStep: 2) }))
            Assert.Throws<SimulatedKill>(() => half.Run());

        var refused = Assert.Throws<TrainingRunException>(() => Trainer.Resume(recipe with { Optimizer = OptimizerKind.Adam }, halfDirectory.Path, TrainingFixture.Data(), options: options));
        Assert.Contains("optimizer: AdamW in the run, Adam requested", refused.Message);
        refused = Assert.Throws<TrainingRunException>(() => Trainer.Resume(recipe with { Schedule = ScheduleKind.Constant }, halfDirectory.Path, TrainingFixture.Data(), options: options));
        Assert.Contains("schedule: Cosine in the run, Constant requested", refused.Message);

        using var resumed = Trainer.Resume(recipe, halfDirectory.Path, TrainingFixture.Data(), options: options);
        Assert.Equal(2, resumed.Step);
        resumed.Run();
        TrainingFixture.AssertBitIdentical(straight.Network.ToStateDict(), resumed.Network.ToStateDict(), "weights and buffers");
        TrainingFixture.AssertBitIdentical(TrainingFixture.Sorted(straight.Optimizer.ExportState()), TrainingFixture.Sorted(resumed.Optimizer.ExportState()), "optimizer state");
    }
}
