using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia;

/// <summary>Decodes the caller's composite and mask, reporting failures as <see cref="InvalidImageException"/>s that say which input is at fault.</summary>
/// <remarks>
/// Files are read as the command line reads them, so the library and <c>harmonia run</c> give the same
/// pixels: a 16-bit PNG composite stays 16-bit, and a mask is a coverage (grey / 255), so a feathered
/// mask blends its edge instead of being cut at half grey.
/// </remarks>
internal static class InputDecoding
{
    /// <summary>How errors name an input read from a stream.</summary>
    public const string StreamSource = "(stream)";

    /// <summary>How errors name an input given as bytes.</summary>
    public const string BytesSource = "(bytes)";

    /// <summary>Reads the file at <paramref name="path"/>; a missing file is a <see cref="FileNotFoundException"/>.</summary>
    public static byte[] ReadFile(ImageRole role, string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: the {InvalidImageException.RoleName(role)} file does not exist", path);
        return File.ReadAllBytes(path);
    }

    /// <summary>Reads <paramref name="stream"/> to its end.</summary>
    public static byte[] ReadStream(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Reads <paramref name="stream"/> to its end without blocking a thread.</summary>
    public static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Decodes a composite file held in <paramref name="bytes"/>; errors call it <paramref name="source"/>.</summary>
    public static DecodedImage DecodeComposite(byte[] bytes, string source) =>
        Decode(ImageRole.Composite, source, () => ImageFile.LoadAtFullPrecision(bytes));

    /// <summary>Decodes a mask file held in <paramref name="bytes"/> as a coverage; errors call it <paramref name="source"/>.</summary>
    public static MaskCoverage DecodeMask(byte[] bytes, string source) =>
        Decode(ImageRole.Mask, source, () => MaskCoverage.FromImage(ImageFile.Load(bytes)));

    private static T Decode<T>(ImageRole role, string source, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (ImageFormatException error)
        {
            throw new InvalidImageException(role, source, error.Message, error);
        }
    }
}
