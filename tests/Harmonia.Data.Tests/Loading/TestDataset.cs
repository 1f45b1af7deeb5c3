using Harmonia.Data.Datasets;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Data.Tests.Loading;

/// <summary>A small iHarmony4-layout dataset of PNG files in a temp folder, with sizes that vary per photo.</summary>
internal sealed class TestDataset : IDisposable
{
    public TestDataset(int photos, int compositesPerPhoto = 1, Func<int, (int Width, int Height)>? size = null)
    {
        var lines = new List<string>();
        for (int p = 0; p < photos; p++)
        {
            var (width, height) = size?.Invoke(p) ?? (20 + p % 3 * 4, 16 + p % 2 * 6);
            string photo = $"p{p:D2}";
            var real = TestImages.Photo(width, height, (ulong)p);
            ImageFile.Save(Directory.File($"S/real_images/{photo}.png"), real);
            ImageFile.Save(Directory.File($"S/masks/{photo}_1.png"), TestImages.RectangleMask(width, height, width / 4, height / 4, width * 3 / 4, height * 3 / 4));
            for (int n = 1; n <= compositesPerPhoto; n++)
            {
                var composite = TestImages.Photo(width, height, (ulong)(1000 + p * 10 + n));
                ImageFile.Save(Directory.File($"S/composite_images/{photo}_1_{n}.png"), composite);
                lines.Add($"{photo}_1_{n}.png");
            }
        }
        Directory.WriteText("S/S_train.txt", string.Join("\n", lines));
        Samples = IHarmony4Index.Load(Directory.Path, ["S"], DatasetSplit.Train);
    }

    public TempDirectory Directory { get; } = new();

    public IReadOnlyList<HarmonizationSample> Samples { get; }

    public void Dispose() => Directory.Dispose();
}
