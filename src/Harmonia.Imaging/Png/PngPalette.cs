using Harmonia.Imaging.Files;

namespace Harmonia.Imaging.Png;

/// <summary>The entries of a PLTE chunk.</summary>
internal sealed class PngPalette
{
    private PngPalette(byte[] rgb) => Rgb = rgb;

    /// <summary>Entries as consecutive R, G, B bytes.</summary>
    public byte[] Rgb { get; }

    /// <summary>Number of entries, 1 to 256.</summary>
    public int Count => Rgb.Length / 3;

    /// <summary>Parses and validates PLTE data.</summary>
    public static PngPalette Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0 || data.Length % 3 != 0 || data.Length > 256 * 3)
            throw new ImageFormatException($"PLTE chunk length {data.Length} is invalid: it must be a multiple of 3 between 3 and 768.");
        return new PngPalette(data.ToArray());
    }
}
