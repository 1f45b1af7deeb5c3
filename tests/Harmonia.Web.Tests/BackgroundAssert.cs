using Harmonia.Imaging;

namespace Harmonia.Web.Tests;

/// <summary>Checks the promise every harmonizer makes: pixels outside the mask come back exactly as sent.</summary>
internal static class BackgroundAssert
{
    /// <summary>Asserts that every RGB pixel where <paramref name="isForeground"/> is false is unchanged.</summary>
    public static void Unchanged(Image composite, Image result, Func<int, int, bool> isForeground)
    {
        Assert.Equal((composite.Width, composite.Height, 3), (result.Width, result.Height, result.Channels));
        for (int y = 0; y < composite.Height; y++)
        for (int x = 0; x < composite.Width; x++)
        {
            if (isForeground(x, y)) continue;
            int i = (y * composite.Width + x) * 3;
            Assert.True(composite.Pixels.AsSpan(i, 3).SequenceEqual(result.Pixels.AsSpan(i, 3)), $"background pixel ({x}, {y}) changed");
        }
    }
}
