using Harmonia.Cli.Demo;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Cli.Tests;

public class DemoTests
{
    private const int Panel = DemoScene.Size;
    private const int Stride = Panel + DemoSheet.Gutter;

    private static byte[] PixelAt(Image image, int x, int y) => image.Pixels.AsSpan((y * image.Width + x) * 3, 3).ToArray();

    [Fact]
    public void Demo_with_reinhard_writes_composite_harmonized_and_outline_panels()
    {
        using var folder = new TemporaryFolder();

        var result = CliHarness.Run("demo", "--model", "reinhard", "--out", folder.File("demo.png"));

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var sheet = ImageFile.Load(folder.File("demo.png"));
        Assert.Equal((3 * Panel + 2 * DemoSheet.Gutter, Panel, 3), (sheet.Width, sheet.Height, sheet.Channels));
        var (composite, mask) = DemoScene.Create();
        int changedInside = 0, changedOutside = 0, outlined = 0;
        for (var y = 0; y < Panel; y++)
        {
            for (var x = 0; x < Panel; x++)
            {
                var original = PixelAt(composite, x, y);
                Assert.Equal(original, PixelAt(sheet, x, y));
                var changed = !original.SequenceEqual(PixelAt(sheet, Stride + x, y));
                if (mask.Values[y * Panel + x] == 1f) changedInside += changed ? 1 : 0;
                else changedOutside += changed ? 1 : 0;
                if (!original.SequenceEqual(PixelAt(sheet, 2 * Stride + x, y))) outlined++;
            }
        }
        Assert.Equal(0, changedOutside);
        Assert.True(changedInside > mask.ForegroundPixelCount / 2, $"only {changedInside} foreground pixels changed");
        Assert.InRange(outlined, 200, 2000); // a thin line around the vase, not a filled shape
        Assert.Equal([255, 255, 255], PixelAt(sheet, Panel + 1, 10)); // white gutter
    }

    [Fact]
    public void Scene_is_deterministic_and_its_object_stands_out()
    {
        var (first, firstMask) = DemoScene.Create();
        var (second, secondMask) = DemoScene.Create();

        Assert.Equal(first.Pixels, second.Pixels);
        Assert.Equal(firstMask.Values, secondMask.Values);
        Assert.InRange(firstMask.ForegroundPixelCount, Panel * Panel / 20, Panel * Panel / 3);

        // The pasted object is colder (more blue than red) and brighter than the warm scene around it.
        double Mean(Func<int, bool> where, int channel) =>
            Enumerable.Range(0, Panel * Panel).Where(where).Average(i => (double)first.Pixels[i * 3 + channel]);
        bool Inside(int i) => firstMask.Values[i] == 1f;
        Assert.True(Mean(Inside, 2) - Mean(Inside, 0) > 50);
        Assert.True(Mean(i => !Inside(i), 0) > Mean(i => !Inside(i), 2));
        var insideBrightness = Mean(Inside, 0) + Mean(Inside, 1) + Mean(Inside, 2);
        var outsideBrightness = Mean(i => !Inside(i), 0) + Mean(i => !Inside(i), 1) + Mean(i => !Inside(i), 2);
        Assert.True(insideBrightness > outsideBrightness + 100);
    }

    [Fact]
    public void Demo_refuses_to_replace_a_file_and_needs_an_image_extension()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("demo.png"), "mine");

        var exists = CliHarness.Run("demo", "--model", "composite", "--out", folder.File("demo.png"));
        var badExtension = CliHarness.Run("demo", "--model", "composite", "--out", folder.File("demo.html"));

        Assert.Equal(ExitCodes.RuntimeError, exists.ExitCode);
        Assert.Equal("mine", File.ReadAllText(folder.File("demo.png")));
        Assert.Equal(ExitCodes.UsageError, badExtension.ExitCode);
        Assert.False(File.Exists(folder.File("demo.html")));
    }
}
