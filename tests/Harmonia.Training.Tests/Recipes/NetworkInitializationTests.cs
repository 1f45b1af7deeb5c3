using Harmonia.Models;
using Harmonia.NN.Layers;
using Harmonia.Tensors.Random;
using Harmonia.Training.Recipes;

namespace Harmonia.Training.Tests.Recipes;

/// <summary>A fresh network's weights depend on the run's seed alone, with each recipe's distribution.</summary>
public class NetworkInitializationTests
{
    private static float[] Weights(Harmonia.NN.Module network) => network.NamedParameters().SelectMany(p => p.Tensor.Data).ToArray();

    [Theory]
    [InlineData("hdnet")]
    [InlineData("phnet")]
    public void TheSameSeedGivesTheSameWeights_AnotherSeedOthers(string architecture)
    {
        var recipe = Training.TrainingFixture.Recipe(architecture, 10);
        var a = Weights(RecipeComponents.CreateNetwork(recipe, new RandomGenerator(1)));
        // Disturb the process-wide layer generator in between: it must not matter.
        LayerInit.Generator.NextUInt64();
        var b = Weights(RecipeComponents.CreateNetwork(recipe, new RandomGenerator(1)));
        var c = Weights(RecipeComponents.CreateNetwork(recipe, new RandomGenerator(2)));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void HdnetConvolutionWeightsAreNormalWithStandardDeviationTwoHundredths()
    {
        var network = Harmonia.Models.Hdnet.HdnetArchitecture.Instance.Spec(new Harmonia.Models.Hdnet.HdnetConfig { Ngf = 8 }).Build();
        NetworkInitialization.Apply(network, WeightInitialization.HdnetNormal, new RandomGenerator(3));
        var weights = network.Modules().OfType<Conv2d>().SelectMany(c => c.Weight.Data).Select(v => (double)v).ToArray();
        double mean = weights.Average();
        double std = Math.Sqrt(weights.Select(v => (v - mean) * (v - mean)).Average());
        Assert.True(weights.Length > 10_000);
        Assert.InRange(mean, -0.001, 0.001);
        Assert.InRange(std, 0.0195, 0.0205);
    }

    [Fact]
    public void PyTorchDefaultsStayWithinOneOverRootFanInAndReachIt()
    {
        var network = Training.TrainingFixture.TinyPhnet.Build();
        NetworkInitialization.Apply(network, WeightInitialization.PyTorchDefault, new RandomGenerator(4));
        foreach (var conv in network.Modules().OfType<Conv2d>())
        {
            var (fanIn, _) = Harmonia.Tensors.Random.Init.Fans(conv.Weight);
            double bound = 1 / Math.Sqrt(fanIn);
            double largest = conv.Weight.Data.Max(v => Math.Abs(v));
            Assert.True(largest <= bound, $"a weight {largest} exceeds the bound {bound}");
            if (conv.Weight.Numel >= 200) Assert.True(largest > 0.9 * bound, $"weights reach only {largest} of {bound}");
        }
    }
}
