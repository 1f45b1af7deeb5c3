using Harmonia.Evaluation.Runs;
using Harmonia.Imaging;
using Harmonia.Models;
using Harmonia.Models.Hdnet;
using Harmonia.Models.Phnet;

namespace Harmonia.Evaluation.Tests;

/// <summary>
/// Networks run through the same code as the baselines; these use untrained (randomly initialized)
/// small networks, so they check the plumbing and thread safety, not the quality of the output.
/// </summary>
public sealed class EvaluationRunnerNetworkTests : RunnerTestFolder
{
    private static IHarmonizer Untrained(ModelSpec spec, string name) => new NetworkHarmonizer(name, spec, spec.Build());

    private void AddSamples(int count, int width, int height)
    {
        for (int i = 0; i < count; i++)
        {
            Image real = SyntheticImages.Noise(width, height, 3, seed: 300 + i, low: 30, high: 220);
            Func<int, int, bool> inside = (x, y) => x >= 5 + i && x < 30 && y >= 6 && y < 26 + i;
            Dataset.Add("Net", $"n{i}", SyntheticDataset.ShiftForeground(real, inside, [15, -10, 5]), SyntheticDataset.MaskImage(width, height, inside), real);
        }
    }

    public static TheoryData<string> Architectures => ["hdnet", "phnet"];

    [Theory]
    [MemberData(nameof(Architectures))]
    public void AnUntrainedNetworkGivesTheSameFilesWithOneOrSeveralWorkers(string architecture)
    {
        AddSamples(4, 48, 40);
        ModelSpec spec = architecture == "hdnet"
            ? HdnetArchitecture.Instance.Spec(HdnetConfig.Lite)
            : PhnetArchitecture.Instance.Spec(PhnetConfig.IHarmony4);
        IHarmonizer network = Untrained(spec, architecture);
        var options = new EvaluationOptions(Size: WorkingSize.Square(32), SaveImages: true);

        EvaluationResult one = EvaluationRunner.Run(network, Dataset.Samples, Path.Combine(Output, "w1"), options with { Workers = 1 });
        EvaluationResult three = EvaluationRunner.Run(network, Dataset.Samples, Path.Combine(Output, "w3"), options with { Workers = 3 });

        Assert.Equal(one.Records, three.Records);
        Assert.All(one.Records, r => Assert.True(double.IsFinite(r.Mse) && double.IsFinite(r.Ssim)));
        foreach (EvaluationSample sample in Dataset.Samples)
        {
            string relative = Path.Combine("images", sample.Subset, sample.Name + ".png");
            Assert.Equal(File.ReadAllBytes(Path.Combine(Output, "w1", relative)), File.ReadAllBytes(Path.Combine(Output, "w3", relative)));
        }
        Assert.Equal(File.ReadAllBytes(Path.Combine(Output, "w1", "per_image.csv")), File.ReadAllBytes(Path.Combine(Output, "w3", "per_image.csv")));
    }
}
