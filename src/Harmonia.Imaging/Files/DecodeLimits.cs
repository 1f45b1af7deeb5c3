namespace Harmonia.Imaging.Files;

/// <summary>
/// Limits that keep a decode's cost in proportion to the pixels a file declares and the bytes it
/// carries, so that a small hostile file cannot cost much time or memory. The pixel limit is
/// checked from the header before any pixel buffer is allocated; the others follow from how
/// much image each byte of a valid file can describe.
/// </summary>
/// <remarks>
/// <para><b>Pixels.</b> Width × height may be at most <see cref="MaxPixels"/>.</para>
/// <para><b>PNG.</b> The compressed image data must be able to inflate to the rows the header
/// declares: deflate expands at most <see cref="PngMaxInflationRatio"/>-fold, so a PNG costs at
/// most that many bytes of rows per byte of file, and a shorter one is refused as truncated
/// before the image buffer is allocated.</para>
/// <para><b>JPEG.</b> Huffman coding spends at least one bit on every 8×8 block of every
/// component in the scan that first codes it, so a file of n bytes can describe at most
/// <see cref="JpegBlocksPerByte"/> × n blocks. A frame that declares more is refused before its
/// coefficients are allocated (its data would have to be missing or skipped as corrupt): a
/// JPEG costs at most about 1 KB of coefficients and 1.5 KB of pixels per byte of file. And all
/// scans together may visit each block's 64 coefficients at most
/// <see cref="JpegMaxCoefficientPasses"/> times, which bounds the time a progressive file's
/// refinement scans take, since a scan of end-of-band runs costs a few bytes but still walks
/// every block.</para>
/// </remarks>
/// <param name="MaxPixels">Largest width × height accepted.</param>
public sealed record DecodeLimits(long MaxPixels)
{
    /// <summary>100 megapixels: larger than any photo Harmonia expects, far below what would exhaust memory.</summary>
    public static DecodeLimits Default { get; } = new(100_000_000);

    /// <summary>
    /// Deflate's largest expansion: a 258-byte match costs at least 2 bits, so no compressed
    /// byte stands for more than 1032 bytes.
    /// </summary>
    public const int PngMaxInflationRatio = 1032;

    /// <summary>
    /// The most 8×8 blocks one byte of a JPEG can describe: every block's first coded symbol
    /// (its DC difference) takes at least one bit.
    /// </summary>
    public const int JpegBlocksPerByte = 8;

    /// <summary>
    /// How many times over all scans together may visit every coefficient of every block.
    /// libjpeg's standard progressive script visits each luma coefficient 3 times and each chroma
    /// coefficient 2 times; sequential files visit each once.
    /// </summary>
    public const int JpegMaxCoefficientPasses = 16;
}
