namespace Harmonia.Imaging;

/// <summary>
/// Limits checked from a file's header before any pixel buffer is allocated, so a
/// decompression bomb is refused cheaply.
/// </summary>
/// <param name="MaxPixels">Largest width × height accepted.</param>
public sealed record DecodeLimits(long MaxPixels)
{
    /// <summary>100 megapixels: larger than any photo Harmonia expects, far below what would exhaust memory.</summary>
    public static DecodeLimits Default { get; } = new(100_000_000);
}
