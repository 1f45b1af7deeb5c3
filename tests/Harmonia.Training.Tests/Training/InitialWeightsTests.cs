using Harmonia.Tensors;
using Harmonia.Tensors.Random;
using Harmonia.Training.Recipes;

namespace Harmonia.Training.Tests.Training;

/// <summary>Fine-tuning: a new run can start from given weights instead of a random initialization.</summary>
public class InitialWeightsTests
{
    [Fact]
    public void ANewRunStartsFromTheGivenWeightsAndLogsWhereTheyCameFrom()
    {
        // Weights from another seed, so they differ from the recipe's own initialization.
        var donor = RecipeComponents.CreateNetwork(TrainingFixture.Recipe("hdnet", steps: 3, seed: 99), new RandomGenerator(99)).ToStateDict();
        using var directory = new TempDirectory();
        using var freshDirectory = new TempDirectory();
        var options = new TrainerOptions { InitialWeights = new InitialWeights(donor, "donor.safetensors") };
        using (var fresh = Trainer.StartNew(TrainingFixture.Recipe("hdnet", steps: 3), freshDirectory.Path, TrainingFixture.Data()))
            Assert.NotEqual(donor.First().Value.Data, fresh.Network.ToStateDict().First().Value.Data);

        using var trainer = Trainer.StartNew(TrainingFixture.Recipe("hdnet", steps: 3), directory.Path, TrainingFixture.Data(), options: options);
        TrainingFixture.AssertBitIdentical(donor, trainer.Network.ToStateDict(), "weights before the first step");
        trainer.Run();

        var start = File.ReadLines(directory.File("log.jsonl")).First();
        Assert.Contains("\"initial_weights\":\"donor.safetensors\"", start);
        Assert.Equal(3, trainer.Step);
    }

    [Fact]
    public void WeightsOfAnotherArchitectureAreRefusedNamingTheirSource()
    {
        var phnetWeights = RecipeComponents.CreateNetwork(TrainingFixture.Recipe("phnet", steps: 3), new RandomGenerator(1)).ToStateDict();
        using var directory = new TempDirectory();
        var options = new TrainerOptions { InitialWeights = new InitialWeights(phnetWeights, "phnet.safetensors") };

        var error = Assert.Throws<InvalidDataException>(() => Trainer.StartNew(TrainingFixture.Recipe("hdnet", steps: 3), directory.Path, TrainingFixture.Data(), options: options));
        Assert.StartsWith("phnet.safetensors does not fit", error.Message);
    }
}
