using System.Text.Json;
using Harmonia.Evaluation.Metrics;
using Harmonia.Evaluation.Reports;
using Harmonia.Evaluation.Runs;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;
using Harmonia.Models;

namespace Harmonia.Evaluation.Tests;

public sealed class EvaluationRunnerOutputTests : RunnerTestFolder
{
    private static readonly EvaluationOptions Native = new(Size: WorkingSize.Native);

    private static IHarmonizer Baseline(string name) => ModelCatalog.Load(name, null, null, bundledModelsDirectory: "unused");

    /// <summary>Two subsets of random 32×32 triples with different foreground boxes and shifts.</summary>
    private void AddSamples(int perSubset)
    {
        for (int i = 0; i < 2 * perSubset; i++)
        {
            int x0 = 2 + 3 * (i % 5), size = 6 + 2 * (i % 4);
            Func<int, int, bool> inside = (x, y) => x >= x0 && x < x0 + size && y >= 8 && y < 8 + size + i % 3;
            Image real = SyntheticImages.Noise(32, 32, 3, seed: 100 + i, low: 50, high: 200);
            Image composite = SyntheticDataset.ShiftForeground(real, inside, [i * 3 % 20, -(i * 5 % 17), 10 - i % 7]);
            Dataset.Add(i < perSubset ? "HAdobe5k" : "HFlickr", $"img{i:D2}", composite, SyntheticDataset.MaskImage(32, 32, inside), real);
        }
    }

    [Fact]
    public void WritesTheThreeReportFilesWithOneRowPerImageInSampleOrder()
    {
        AddSamples(perSubset: 3);

        EvaluationResult result = EvaluationRunner.Run(Baseline("composite"), Dataset.Samples, Output, Native);

        Assert.Equal(Path.GetFullPath(Output), result.OutputDirectory);
        Assert.Equal(["per_image.csv", "report.md", "summary.json"], Directory.GetFiles(Output).Select(f => Path.GetFileName(f)).Order().ToArray());

        string[] csv = File.ReadAllLines(Path.Combine(Output, "per_image.csv"));
        Assert.Equal("subset,name,foreground_ratio,mse,fmse,psnr,fpsnr,ssim,delta_l,delta_a,delta_b", csv[0]);
        Assert.Equal(Dataset.Samples.Select(s => $"{s.Subset},{s.Name}"), csv.Skip(1).Select(line => string.Join(',', line.Split(',').Take(2))));

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "summary.json")));
        JsonElement subsets = json.RootElement.GetProperty("subsets");
        Assert.Equal(["HAdobe5k", "HFlickr"], subsets.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(3, subsets.GetProperty("HAdobe5k").GetProperty("count").GetInt32());
        Assert.Equal(6, json.RootElement.GetProperty("all").GetProperty("count").GetInt32());
        Assert.Equal(result.Records.Average(r => r.Fmse), json.RootElement.GetProperty("all").GetProperty("fmse").GetDouble(), 12);
        Assert.Equal(3, json.RootElement.GetProperty("buckets").EnumerateObject().Count());
        JsonElement run = json.RootElement.GetProperty("run");
        Assert.Equal("composite", run.GetProperty("model").GetString());
        Assert.Equal("the baseline's own", run.GetProperty("output").GetString());
        Assert.StartsWith("native", run.GetProperty("size").GetString());
        Assert.Equal(6, run.GetProperty("evaluated").GetInt32());
        Assert.Equal(0, run.GetProperty("skipped").GetInt32());

        string report = File.ReadAllText(Path.Combine(Output, "report.md"));
        Assert.StartsWith("# Harmonization evaluation: composite", report);
        Assert.Contains("| HAdobe5k | 3 |", report);
        Assert.Contains("| HFlickr | 3 |", report);
        Assert.Contains("- Model: composite", report);
        Assert.Contains("- Output: the baseline's own", report);
        Assert.Contains("- Size: native", report);
        Assert.Contains("- Images skipped: 0", report);
        Assert.DoesNotContain("Skipped images", report);
    }

    [Fact]
    public void OutputFilesAreByteIdenticalForAnyWorkerCount()
    {
        AddSamples(perSubset: 4);
        IHarmonizer reinhard = Baseline("reinhard");
        var options = new EvaluationOptions(Size: WorkingSize.Square(24));

        EvaluationResult one = EvaluationRunner.Run(reinhard, Dataset.Samples, Path.Combine(Output, "w1"), options with { Workers = 1 });
        EvaluationResult four = EvaluationRunner.Run(reinhard, Dataset.Samples, Path.Combine(Output, "w4"), options with { Workers = 4 });
        EvaluationResult three = EvaluationRunner.Run(reinhard, Dataset.Samples, Path.Combine(Output, "w3"), options with { Workers = 3 });

        Assert.Equal(Dataset.Samples.Select(s => s.Name), four.Records.Select(r => r.Name));
        Assert.Equal(one.Records, four.Records);
        Assert.Equal(one.Records, three.Records);
        foreach (string file in new[] { "per_image.csv", "summary.json", "report.md" })
        {
            byte[] reference = File.ReadAllBytes(Path.Combine(Output, "w1", file));
            Assert.Equal(reference, File.ReadAllBytes(Path.Combine(Output, "w4", file)));
            Assert.Equal(reference, File.ReadAllBytes(Path.Combine(Output, "w3", file)));
        }
    }

    [Fact]
    public void SaveImagesWritesEachHarmonizedImageAsThePngThatWasScored()
    {
        AddSamples(perSubset: 2);

        EvaluationResult composite = EvaluationRunner.Run(Baseline("composite"), Dataset.Samples, Path.Combine(Output, "composite"), Native with { SaveImages = true });
        EvaluationResult reinhard = EvaluationRunner.Run(Baseline("reinhard"), Dataset.Samples, Path.Combine(Output, "reinhard"), Native with { SaveImages = true });

        for (int i = 0; i < Dataset.Samples.Count; i++)
        {
            EvaluationSample sample = Dataset.Samples[i];
            Image compositeSaved = ImageFile.Load(Path.Combine(Output, "composite", "images", sample.Subset, sample.Name + ".png"));
            Assert.Equal(ImageFile.Load(sample.CompositePath).Pixels, compositeSaved.Pixels);

            Image reinhardSaved = ImageFile.Load(Path.Combine(Output, "reinhard", "images", sample.Subset, sample.Name + ".png"));
            Assert.NotEqual(compositeSaved.Pixels, reinhardSaved.Pixels);
            Assert.Equal(reinhard.Records[i].Mse, SquaredErrorMetrics.MeanSquaredError(reinhardSaved, ImageFile.Load(sample.RealPath)), 12);
        }
        // Nothing but the PNGs: the atomic writes left no temporary files behind.
        Assert.Equal(Dataset.Samples.Count,
            Directory.GetFiles(Path.Combine(Output, "reinhard", "images"), "*", SearchOption.AllDirectories).Count(f => f.EndsWith(".png")));
        Assert.Empty(Directory.GetFiles(Output, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void NoImagesFolderUnlessAskedFor()
    {
        AddSamples(perSubset: 1);
        EvaluationRunner.Run(Baseline("composite"), Dataset.Samples, Output, Native);
        Assert.False(Directory.Exists(Path.Combine(Output, "images")));
    }

    [Fact]
    public void NameWithFoldersSavesIntoSubfolders()
    {
        Image real = SyntheticImages.Noise(16, 16, 3, seed: 5);
        Dataset.Add("Nested", "tmp", real, SyntheticDataset.MaskImage(16, 16, (x, _) => x < 4), real);
        var sample = Dataset.Samples[0] with { Name = "scene/shot" };

        EvaluationRunner.Run(Baseline("composite"), [sample], Output, Native with { SaveImages = true });

        Assert.True(File.Exists(Path.Combine(Output, "images", "Nested", "scene", "shot.png")));
    }

    [Fact]
    public void RefusesANonEmptyOutputDirectoryUnlessOverwriteIsAllowed()
    {
        AddSamples(perSubset: 1);
        Directory.CreateDirectory(Output);
        string existing = Path.Combine(Output, "notes.txt");
        File.WriteAllText(existing, "keep me");

        var refused = Assert.Throws<OutputDirectoryNotEmptyException>(() =>
            EvaluationRunner.Run(Baseline("composite"), Dataset.Samples, Output, Native));
        Assert.Contains(Path.GetFullPath(Output), refused.Message);
        Assert.False(File.Exists(Path.Combine(Output, "summary.json")));

        EvaluationRunner.Run(Baseline("composite"), Dataset.Samples, Output, Native with { Overwrite = true });
        Assert.True(File.Exists(Path.Combine(Output, "summary.json")));
        Assert.Equal("keep me", File.ReadAllText(existing)); // overwriting replaces the run's files only
    }

    [Fact]
    public void AcceptsAnExistingEmptyOutputDirectory()
    {
        AddSamples(perSubset: 1);
        Directory.CreateDirectory(Output);
        EvaluationRunner.Run(Baseline("composite"), Dataset.Samples, Output, Native);
        Assert.True(File.Exists(Path.Combine(Output, "report.md")));
    }

    [Fact]
    public void RefusesAnOutputPathThatIsAFile()
    {
        AddSamples(perSubset: 1);
        File.WriteAllText(Output, "a file");
        var error = Assert.Throws<IOException>(() => EvaluationRunner.Run(Baseline("composite"), Dataset.Samples, Output, Native with { Overwrite = true }));
        Assert.Contains("is a file", error.Message);
    }

    [Fact]
    public void ReportStatesTheWorkingSizeAndFilter()
    {
        AddSamples(perSubset: 1);
        EvaluationRunner.Run(Baseline("composite"), Dataset.Samples, Output, new EvaluationOptions(Size: WorkingSize.Square(16)));
        Assert.Contains("- Size: 16×16 (composite and real bicubic, mask nearest)", File.ReadAllText(Path.Combine(Output, "report.md")));
    }
}
