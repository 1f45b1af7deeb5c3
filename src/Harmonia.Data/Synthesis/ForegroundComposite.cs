using Harmonia.Imaging;

namespace Harmonia.Data.Synthesis;

/// <summary>Pastes the foreground of one image over another: the composite step of every recipe.</summary>
public static class ForegroundComposite
{
    /// <summary>
    /// An image that is <paramref name="foreground"/> where <paramref name="mask"/> is 1 and
    /// <paramref name="background"/> elsewhere (masks are binary, so no pixel is mixed).
    /// </summary>
    public static Image Compose(Image background, Image foreground, Mask mask)
    {
        ArgumentNullException.ThrowIfNull(background);
        ArgumentNullException.ThrowIfNull(foreground);
        ArgumentNullException.ThrowIfNull(mask);
        if (background.Channels != 3 || foreground.Channels != 3)
            throw new ArgumentException("Composites are made of RGB images.");
        if (foreground.Width != background.Width || foreground.Height != background.Height || mask.Width != background.Width || mask.Height != background.Height)
            throw new ArgumentException($"Background {background.Width}x{background.Height}, foreground {foreground.Width}x{foreground.Height} and mask {mask.Width}x{mask.Height} must have one size.");
        var pixels = (byte[])background.Pixels.Clone();
        for (int p = 0; p < mask.Values.Length; p++)
        {
            if (mask.Values[p] == 0f) continue;
            pixels[3 * p] = foreground.Pixels[3 * p];
            pixels[3 * p + 1] = foreground.Pixels[3 * p + 1];
            pixels[3 * p + 2] = foreground.Pixels[3 * p + 2];
        }
        return new Image(background.Width, background.Height, 3, pixels);
    }
}
