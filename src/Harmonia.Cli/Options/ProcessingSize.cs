using System.Globalization;

namespace Harmonia.Cli.Options;

/// <summary>
/// The resolution a model works at, written <c>native</c> (the image's own size) or a side length
/// in pixels (<c>256</c>: images are resized to 256x256 and the result resized back).
/// </summary>
public readonly record struct ProcessingSize
{
    /// <summary>The largest side length accepted, so a typo cannot ask for a multi-gigabyte tensor.</summary>
    public const int MaxPixels = 8192;

    private ProcessingSize(int? pixels) => Pixels = pixels;

    /// <summary>Work at the input image's own resolution.</summary>
    public static ProcessingSize Native => new(null);

    /// <summary>Resize to <paramref name="pixels"/> x <paramref name="pixels"/>.</summary>
    public static ProcessingSize Square(int pixels) =>
        pixels is >= 1 and <= MaxPixels
            ? new(pixels)
            : throw new ArgumentOutOfRangeException(nameof(pixels), $"The size must be in 1..{MaxPixels}.");

    /// <summary>The side length, or null for <see cref="Native"/>.</summary>
    public int? Pixels { get; }

    /// <summary>True for <see cref="Native"/>.</summary>
    public bool IsNative => Pixels is null;

    /// <summary>Parses <c>native</c> or a side length; on failure returns false and a message for the user.</summary>
    public static bool TryParse(string text, out ProcessingSize size, out string? error)
    {
        size = Native;
        error = null;
        if (string.Equals(text, "native", StringComparison.OrdinalIgnoreCase))
            return true;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pixels) && pixels is >= 1 and <= MaxPixels)
        {
            size = new(pixels);
            return true;
        }
        error = $"--size expects 'native' or a side length in pixels (1..{MaxPixels}), got '{text}'.";
        return false;
    }

    /// <summary>The command-line form: <c>native</c> or the side length.</summary>
    public override string ToString() => Pixels?.ToString(CultureInfo.InvariantCulture) ?? "native";
}
