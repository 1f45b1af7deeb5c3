using Harmonia.Data;
using Harmonia.Tensors;
using Harmonia.Tensors.Random;
using Harmonia.Training.Benchmarks;
using Harmonia.Training.Recipes;

namespace Harmonia.Training.Tests.Training;

/// <summary>The one training step that the trainer takes and the benchmark times.</summary>
public class TrainingStepTests
{
    [Theory]
    [InlineData("hdnet")]
    [InlineData("phnet")]
    public void AStepReturnsTheLossBeforeTheUpdateAndChangesTheWeights(string architecture)
    {
        var recipe = TrainingFixture.Recipe(architecture, steps: 3);
        var network = RecipeComponents.CreateNetwork(recipe, new RandomGenerator(recipe.Seed));
        var before = network.ToStateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        var batch = SyntheticBatchSource.Batch(recipe.Seed, 0, TrainingFixture.Batch, TrainingFixture.Size);
        var step = new TrainingStep(recipe, network);

        double expected;
        using (TensorScope.Begin())
        {
            network.Train();
            expected = RecipeComponents.CreateObjective(recipe).Loss((Harmonia.Models.IHarmonizationNetwork)network, batch).Item();
            network.ZeroGrad();
        }
        double loss = step.Run(batch);

        Assert.Equal(expected, loss);
        Assert.Contains(network.ToStateDict(), kv => !kv.Value.Data.SequenceEqual(before[kv.Key].Data));
        Assert.All(network.Parameters(), p => Assert.Null(p.Grad));
    }

    [Fact]
    public void ANonFiniteLossIsReturnedWithoutUpdatingAnything()
    {
        var recipe = TrainingFixture.Recipe("hdnet", steps: 3);
        var network = RecipeComponents.CreateNetwork(recipe, new RandomGenerator(recipe.Seed));
        var before = network.ToStateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        var batch = SyntheticBatchSource.Batch(recipe.Seed, 0, TrainingFixture.Batch, TrainingFixture.Size);
        var composite = batch.Composite.Clone();
        composite.Data.AsSpan().Fill(float.NaN);

        double loss = new TrainingStep(recipe, network).Run(batch with { Composite = composite });

        Assert.True(double.IsNaN(loss));
        TrainingFixture.AssertBitIdentical(before, network.ToStateDict(), "weights after a NaN step");
    }

    [Fact]
    public void TheTrainingBenchmarkRunsTheRecipesStepAndRefusesBaselines()
    {
        // FlopCounter is process-wide and other tests run alongside, so only what is this run's own is checked.
        var training = ModelBenchmark.Run(new BenchmarkRequest("hdnet-lite", Size: 16, Batch: 2, Repetitions: 2, Threads: 1, Train: true));

        Assert.True(training.MedianSeconds > 0);
        // A step records its graph on the managed heap; the pool's fresh buffers can only be counted, not undone.
        Assert.True(training.AllocatedBytesPerPass > 0);
        Assert.True(training.FreshPoolBytesPerPass >= 0);
        Assert.Equal(Harmonia.Models.ModelCatalog.Find("hdnet-lite").Spec!.Build().ParameterCount(), training.Parameters);
        Assert.Contains("baseline", Assert.Throws<ArgumentException>(() => ModelBenchmark.Run(new BenchmarkRequest("reinhard", 16, 1, 1, 1, Train: true))).Message);
        Assert.Contains("multiple of 8", Assert.Throws<ArgumentException>(() => ModelBenchmark.Run(new BenchmarkRequest("hdnet-lite", 20, 1, 1, 1, Train: true))).Message);
    }
}
