using Harmonia.Tensors;
using Harmonia.Training.Optimizers;
using Harmonia.Training.Schedules;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Training.Tests.Schedules;

public class StagedScheduleTests
{
    [Fact]
    public void Phnet_recipe_has_the_published_stages()
    {
        var recipe = PhnetRecipe.Create();
        Assert.Equal(160, recipe.TotalLength);
        Assert.Equal(ScheduleUnit.Epoch, recipe.Unit);
        (int Epoch, double Lr, int Stage)[] expected = [(0, 1e-4, 0), (99, 1e-4, 0), (100, 1e-5, 1), (109, 1e-5, 1), (110, 1e-7, 2), (159, 1e-7, 2), (400, 1e-7, 2)];
        foreach (var (epoch, lr, stage) in expected)
        {
            Assert.Equal(stage, recipe.StageIndexAt(epoch, 0));
            Assert.Equal(lr, recipe.LearningRate(epoch, 0));
        }
        Assert.Equal([0, 100, 110], Enumerable.Range(0, 3).Select(recipe.StageStart));
    }

    [Fact]
    public void Phnet_stages_freeze_the_right_modules()
    {
        var stages = PhnetRecipe.Create().Stages;
        Assert.True(stages[0].IsFrozen("feature_extractor.head.0.weight"));
        Assert.False(stages[0].IsFrozen("encoder.0.0.weight"));
        Assert.False(stages[0].IsFrozen("SE_block.fc.0.weight"));
        Assert.True(stages[1].IsFrozen("encoder.5.1.running_mean"));
        Assert.False(stages[1].IsFrozen("feature_extractor.head.0.weight"));
        Assert.False(stages[1].IsFrozen("decoder.0.weight"));
        Assert.All(PhnetRecipe.ModulePaths, module => Assert.False(stages[2].IsFrozen(module + ".weight")));
    }

    [Theory]
    [InlineData(160, new[] { 100, 10, 50 })]
    [InlineData(16, new[] { 10, 1, 5 })]
    [InlineData(8, new[] { 5, 1, 2 })]
    [InlineData(3, new[] { 1, 1, 1 })]
    [InlineData(4, new[] { 2, 1, 1 })]
    public void Scaled_recipe_keeps_proportions(int total, int[] lengths)
    {
        var scaled = PhnetRecipe.Scaled(total, ScheduleUnit.Epoch);
        Assert.Equal(lengths, scaled.Stages.Select(s => s.Length));
        Assert.Equal([1e-4, 1e-5, 1e-7], scaled.Stages.Select(s => s.LearningRate));
        Assert.Equal(["feature_extractor"], scaled.Stages[0].FrozenModules);
    }

    [Fact]
    public void Scaled_lengths_always_add_up_and_stay_within_one_of_the_exact_share()
    {
        var recipe = PhnetRecipe.Create();
        for (int total = 3; total <= 2000; total++)
        {
            var lengths = recipe.ScaledTo(total, ScheduleUnit.Step).Stages.Select(s => s.Length).ToArray();
            Assert.Equal(total, lengths.Sum());
            Assert.All(lengths, l => Assert.True(l >= 1));
            if (total < 16) continue; // below 16 the 10-epoch stage's share is under one and is bumped up
            for (int i = 0; i < 3; i++)
                Assert.True(Math.Abs(lengths[i] - recipe.Stages[i].Length * (double)total / 160) < 1, $"total {total}, stage {i}: {lengths[i]}");
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => recipe.ScaledTo(2, ScheduleUnit.Epoch));
    }

    [Fact]
    public void Step_scaled_recipe_reads_the_global_step()
    {
        var scaled = PhnetRecipe.Scaled(1600, ScheduleUnit.Step);
        Assert.Equal(0, scaled.StageIndexAt(epoch: 50, step: 999));
        Assert.Equal(1, scaled.StageIndexAt(epoch: 0, step: 1000));
        Assert.Equal(2, scaled.StageIndexAt(epoch: 0, step: 1100));
    }

    private static List<(string Name, Tensor Tensor)> PhnetLikeParameters()
        => PhnetRecipe.ModulePaths.Select((m, i) =>
        {
            var t = Tensor.FromArray([i + 1f, -(i + 1f)], 2);
            t.RequiresGrad = true;
            return (Name: $"{m}.0.weight", Tensor: t);
        }).ToList();

    [Fact]
    public void Applying_a_stage_sets_rates_and_freezes_whole_groups()
    {
        var parameters = PhnetLikeParameters();
        var optimizer = new Lion(ParameterGroup.SplitByModule(parameters, PhnetRecipe.ModulePaths, learningRate: 1));
        var recipe = PhnetRecipe.Create();

        recipe.Stages[0].ApplyTo(optimizer);
        Assert.All(optimizer.Groups, g => Assert.Equal(1e-4, g.LearningRate));
        Assert.True(optimizer.Group("feature_extractor").Frozen);
        Assert.False(parameters[0].Tensor.RequiresGrad);
        Assert.All(optimizer.Groups.Skip(1), g => Assert.False(g.Frozen));

        recipe.Stages[1].ApplyTo(optimizer);
        Assert.False(optimizer.Group("feature_extractor").Frozen);
        Assert.True(parameters[0].Tensor.RequiresGrad);
        Assert.True(optimizer.Group("encoder").Frozen);
        Assert.False(parameters[1].Tensor.RequiresGrad);

        // A step in stage 2 moves everything but the encoder (whose gradient is not even computed).
        var before = parameters.Select(p => p.Tensor.ToArray()).ToList();
        Sum(Cat(parameters.Select(p => p.Tensor).ToList(), 0)).Backward();
        Assert.Null(parameters[1].Tensor.Grad);
        optimizer.Step();
        for (int i = 0; i < parameters.Count; i++)
        {
            if (i == 1) Assert.Equal(before[i], parameters[i].Tensor.Data);
            else Assert.NotEqual(before[i], parameters[i].Tensor.Data);
        }

        recipe.Stages[2].ApplyTo(optimizer);
        Assert.All(optimizer.Groups, g => Assert.False(g.Frozen));
        Assert.All(parameters, p => Assert.True(p.Tensor.RequiresGrad));
        Assert.All(optimizer.Groups, g => Assert.Equal(1e-7, g.LearningRate));
    }

    [Fact]
    public void Applying_a_stage_to_a_group_it_only_partly_freezes_fails_clearly()
    {
        var optimizer = new Adam(PhnetLikeParameters(), learningRate: 1e-3);
        var ex = Assert.Throws<InvalidOperationException>(() => PhnetRecipe.Create().Stages[1].ApplyTo(optimizer));
        Assert.Contains("encoder.0.weight", ex.Message);
        Assert.Contains("default", ex.Message);
        Assert.False(optimizer.Group("default").Frozen);
        Assert.Equal(1e-3, optimizer.Group("default").LearningRate);
    }

    [Fact]
    public void Stage_validation()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingStage("empty", 0, 1e-3, []));
        Assert.Throws<ArgumentException>(() => new TrainingStage("bad", 1, 1e-3, [""]));
        Assert.Throws<ArgumentException>(() => new StagedSchedule([]));
        Assert.Equal(["encoder"], new TrainingStage("s", 1, 1e-3, ["encoder.*"]).FrozenModules);
    }
}
