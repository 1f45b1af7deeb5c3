using Harmonia.Imaging.Png;
using Harmonia.Tensors.Files;

namespace Harmonia.Imaging.Files;

/// <summary>
/// Reads and writes image files, choosing the codec from the file's magic bytes when reading
/// and from the extension when writing. Codec errors surface as
/// <see cref="ImageFormatException"/>; when a path is involved its message starts with the path.
/// </summary>
public static class ImageFile
{
    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    /// <summary>The format <paramref name="data"/> is in, judged by its first bytes; null if unknown.</summary>
    public static ImageFileFormat? DetectFormat(ReadOnlySpan<byte> data)
    {
        if (PngDecoder.HasSignature(data)) return ImageFileFormat.Png;
        if (data.StartsWith(JpegSignature)) return ImageFileFormat.Jpeg;
        return null;
    }

    /// <summary>The format a file name's extension asks for (.png, .jpg, .jpeg; case-insensitive).</summary>
    /// <exception cref="ImageFormatException">The extension is missing or not supported.</exception>
    public static ImageFileFormat FormatFromExtension(string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".png" => ImageFileFormat.Png,
            ".jpg" or ".jpeg" => ImageFileFormat.Jpeg,
            _ => throw new ImageFormatException($"{path}: cannot tell the image format from extension '{extension}' (use .png, .jpg or .jpeg)."),
        };
    }

    /// <summary>Reads and decodes the image file at <paramref name="path"/>.</summary>
    /// <exception cref="ImageFormatException">The file is not a supported, valid image (message starts with the path).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Image Load(string path, DecodeLimits? limits = null)
    {
        byte[] data = File.ReadAllBytes(path);
        try
        {
            return Load(data, limits);
        }
        catch (ImageFormatException e)
        {
            throw new ImageFormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Decodes an image file held in memory (for example an upload).</summary>
    /// <exception cref="ImageFormatException">The bytes are not a supported, valid image.</exception>
    public static Image Load(ReadOnlySpan<byte> data, DecodeLimits? limits = null)
    {
        limits ??= DecodeLimits.Default;
        return DetectFormat(data) switch
        {
            ImageFileFormat.Png => PngDecoder.Decode(data, limits),
            ImageFileFormat.Jpeg => JpegCodecBridge.Decode(data, limits),
            _ when data.IsEmpty => throw new ImageFormatException("File is empty."),
            _ => throw new ImageFormatException($"Unknown image format (first bytes {Convert.ToHexString(data[..Math.Min(8, data.Length)])}); PNG and JPEG are supported."),
        };
    }

    /// <summary>
    /// Decodes <paramref name="data"/> at full precision when it is a 16-bit PNG; null for any other image
    /// (which <see cref="Load(ReadOnlySpan{byte}, DecodeLimits?)"/> decodes without loss).
    /// </summary>
    /// <exception cref="ImageFormatException">The data is a PNG that is not valid.</exception>
    public static Image16? LoadSixteenBit(ReadOnlySpan<byte> data, DecodeLimits? limits = null) =>
        DetectFormat(data) == ImageFileFormat.Png ? PngDecoder.DecodeSixteenBit(data, limits ?? DecodeLimits.Default) : null;

    /// <summary>
    /// Decodes an image file held in memory at the precision it stores: a 16-bit PNG as 16-bit, anything
    /// else as 8-bit (<see cref="Load(ReadOnlySpan{byte}, DecodeLimits?)"/>).
    /// </summary>
    /// <exception cref="ImageFormatException">The bytes are not a supported, valid image.</exception>
    public static DecodedImage LoadAtFullPrecision(ReadOnlySpan<byte> data, DecodeLimits? limits = null) =>
        LoadSixteenBit(data, limits) is { } sixteenBit ? new DecodedImage(sixteenBit) : new DecodedImage(Load(data, limits));

    /// <summary>Encodes an image at its precision where the format allows: see <see cref="Encode(Image16, ImageFileFormat, int)"/>.</summary>
    public static byte[] Encode(DecodedImage image, ImageFileFormat format, int jpegQuality = 95)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.SixteenBit is { } sixteenBit ? Encode(sixteenBit, format, jpegQuality) : Encode(image.EightBit!, format, jpegQuality);
    }

    /// <summary>Encodes a 16-bit image: a 16-bit PNG, or (JPEG being 8-bit) a JPEG of the image rounded to 8 bits.</summary>
    public static byte[] Encode(Image16 image, ImageFileFormat format, int jpegQuality = 95)
    {
        ArgumentNullException.ThrowIfNull(image);
        return format == ImageFileFormat.Png ? PngEncoder.Encode(image) : Encode(image.ToImage(), format, jpegQuality);
    }

    /// <summary>Reads <paramref name="stream"/> to its end and decodes the image it holds.</summary>
    /// <exception cref="ImageFormatException">The bytes are not a supported, valid image.</exception>
    public static Image Load(Stream stream, DecodeLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > Array.MaxLength)
                throw new ImageFormatException("Stream is too long to hold in memory as one image file.");
            buffer.Write(chunk, 0, read);
        }
        return Load(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), limits);
    }

    /// <summary>Encodes <paramref name="image"/> in <paramref name="format"/>; <paramref name="jpegQuality"/> (1–100) applies to JPEG only.</summary>
    public static byte[] Encode(Image image, ImageFileFormat format, int jpegQuality = 95)
    {
        ArgumentNullException.ThrowIfNull(image);
        return format switch
        {
            ImageFileFormat.Png => PngEncoder.Encode(image),
            ImageFileFormat.Jpeg => JpegCodecBridge.Encode(image, jpegQuality),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown image file format."),
        };
    }

    /// <summary>
    /// Encodes <paramref name="image"/> in the format the extension of <paramref name="path"/>
    /// names and writes it atomically: the file at <paramref name="path"/> is either left as it
    /// was or replaced by the complete new file, never partly written.
    /// </summary>
    /// <exception cref="ImageFormatException">The extension is not supported or encoding failed (message starts with the path).</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Save(string path, Image image, int jpegQuality = 95)
    {
        ArgumentNullException.ThrowIfNull(image);
        var format = FormatFromExtension(path);
        byte[] encoded;
        try
        {
            encoded = Encode(image, format, jpegQuality);
        }
        catch (ImageFormatException e)
        {
            throw new ImageFormatException($"{path}: {e.Message}", e);
        }
        AtomicFileWriter.Write(path, stream => stream.Write(encoded));
    }
}
