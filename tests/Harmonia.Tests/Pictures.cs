using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Tests;

/// <summary>A small composite (a cold, bright square pasted on a warm gradient) and its mask, made in code.</summary>
internal static class Pictures
{
    public static bool InForeground(int x, int y, int width, int height) =>
        x >= width / 4 && x < width * 3 / 4 && y >= height / 4 && y < height * 3 / 4;

    public static Image Composite(int width, int height)
    {
        var image = new Image(width, height, 3);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var offset = (y * width + x) * 3;
                bool foreground = InForeground(x, y, width, height);
                image.Pixels[offset] = (byte)(foreground ? 40 + x % 16 : 150 + 100 * x / width);
                image.Pixels[offset + 1] = (byte)(foreground ? 190 + y % 16 : 60 + 80 * y / height);
                image.Pixels[offset + 2] = (byte)(foreground ? 250 : 40);
            }
        }
        return image;
    }

    public static Image MaskImage(int width, int height)
    {
        var image = new Image(width, height, 1);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                image.Pixels[y * width + x] = InForeground(x, y, width, height) ? (byte)255 : (byte)0;
        return image;
    }

    /// <summary>Writes the composite (PNG) and mask (PNG) into <paramref name="folder"/>; returns their paths.</summary>
    public static (string Composite, string Mask) WritePair(string folder, int width = 48, int height = 40)
    {
        var composite = Path.Combine(folder, "composite.png");
        var mask = Path.Combine(folder, "mask.png");
        ImageFile.Save(composite, Composite(width, height));
        ImageFile.Save(mask, MaskImage(width, height));
        return (composite, mask);
    }
}

/// <summary>A fresh folder under the system's temporary folder, deleted when disposed.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "harmonia-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}

/// <summary>The repository's root folder (the one holding Harmonia.sln), found from the test's output folder.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(folder.FullName, "Harmonia.sln"))) return folder.FullName;
        throw new InvalidOperationException($"no Harmonia.sln above {AppContext.BaseDirectory}");
    }
}
