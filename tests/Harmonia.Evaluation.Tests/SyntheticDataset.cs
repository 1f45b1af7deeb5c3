using Harmonia.Evaluation.Runs;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Evaluation.Tests;

/// <summary>
/// Writes composite/mask/real PNG triples into a folder and hands out the matching
/// <see cref="EvaluationSample"/>s, so runner tests work on real files with known content.
/// </summary>
internal sealed class SyntheticDataset(string root)
{
    private readonly List<EvaluationSample> samples = [];

    /// <summary>The samples written so far, in order.</summary>
    public IReadOnlyList<EvaluationSample> Samples => samples;

    /// <summary>Writes the three images as PNGs and records the sample.</summary>
    public EvaluationSample Add(string subset, string name, Image composite, Image maskImage, Image real)
    {
        string folder = Path.Combine(root, subset);
        Directory.CreateDirectory(folder);
        var sample = new EvaluationSample(subset, name,
            Path.Combine(folder, name + "_composite.png"),
            Path.Combine(folder, name + "_mask.png"),
            Path.Combine(folder, name + "_real.png"));
        ImageFile.Save(sample.CompositePath, composite);
        ImageFile.Save(sample.MaskPath, maskImage);
        ImageFile.Save(sample.RealPath, real);
        samples.Add(sample);
        return sample;
    }

    /// <summary>A 0/255 grey mask image, foreground where <paramref name="isForeground"/>(x, y).</summary>
    public static Image MaskImage(int width, int height, Func<int, int, bool> isForeground) =>
        SyntheticImages.FromFunction(width, height, 1, (x, y, _) => isForeground(x, y) ? 255 : 0);

    /// <summary><paramref name="real"/> with <paramref name="shift"/>[c] added to channel c inside the foreground.</summary>
    public static Image ShiftForeground(Image real, Func<int, int, bool> isForeground, int[] shift) =>
        SyntheticImages.FromFunction(real.Width, real.Height, 3,
            (x, y, c) => real.Pixels[(y * real.Width + x) * 3 + c] + (isForeground(x, y) ? shift[c] : 0));
}
