using Harmonia.Imaging;

namespace Harmonia;

/// <summary>Decodes the caller's composite and mask, reporting failures as <see cref="InvalidImageException"/>s that say which input is at fault.</summary>
internal static class InputDecoding
{
    /// <summary>How errors name an input read from a stream.</summary>
    public const string StreamSource = "(stream)";

    /// <summary>How errors name an input given as bytes.</summary>
    public const string BytesSource = "(bytes)";

    /// <summary>Reads and decodes the file at <paramref name="path"/>; a missing file is a <see cref="FileNotFoundException"/>.</summary>
    public static Image DecodeFile(ImageRole role, string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: the {InvalidImageException.RoleName(role)} file does not exist", path);
        return Decode(role, path, () => ImageFile.Load(File.ReadAllBytes(path)));
    }

    /// <summary>Reads and binarizes the mask file at <paramref name="path"/>.</summary>
    public static Mask DecodeMaskFile(string path) => Mask.FromImage(DecodeFile(ImageRole.Mask, path));

    /// <summary>Reads <paramref name="stream"/> to its end and decodes it.</summary>
    public static Image DecodeStream(ImageRole role, Stream stream) => Decode(role, StreamSource, () => ImageFile.Load(stream));

    /// <summary>Decodes an image file held in <paramref name="bytes"/>; errors call it <paramref name="source"/>.</summary>
    public static Image DecodeBytes(ImageRole role, byte[] bytes, string source = BytesSource) => Decode(role, source, () => ImageFile.Load(bytes));

    /// <summary>Reads <paramref name="stream"/> to its end without blocking a thread.</summary>
    public static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static Image Decode(ImageRole role, string source, Func<Image> decode)
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
