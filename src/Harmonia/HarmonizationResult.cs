using Harmonia.Imaging.Files;
using Harmonia.Imaging;
using Harmonia.Tensors.Files;

namespace Harmonia;

/// <summary>
/// A harmonized image with the composite's size and channel layout: a grey composite gives a grey
/// result, an RGBA composite's alpha is copied unchanged, and a 16-bit PNG composite gives a 16-bit
/// result (<see cref="SixteenBitImage"/>) that PNG output keeps.
/// </summary>
public sealed class HarmonizationResult
{
    internal HarmonizationResult(Image image, string model)
    {
        Image = image;
        Model = model;
    }

    internal HarmonizationResult(Image16 image, string model)
        : this(image.ToImage(), model)
    {
        SixteenBitImage = image;
    }

    /// <summary>The harmonized pixels, 8 bits per sample (rows top to bottom); for a 16-bit composite, <see cref="SixteenBitImage"/> rounded to 8 bits.</summary>
    public Image Image { get; }

    /// <summary>The harmonized samples at 16 bits when the composite was 16-bit; null otherwise.</summary>
    public Image16? SixteenBitImage { get; }

    /// <summary>The name of the model that produced it, e.g. "hdnet-lite".</summary>
    public string Model { get; }

    /// <summary>Width in pixels (the composite's).</summary>
    public int Width => Image.Width;

    /// <summary>Height in pixels (the composite's).</summary>
    public int Height => Image.Height;

    /// <summary>
    /// Writes the image to <paramref name="path"/> as PNG or JPEG, by its extension (.png, .jpg, .jpeg);
    /// a PNG of a 16-bit result is 16-bit, a JPEG is 8-bit.
    /// The file is written atomically: readers see either no file (or the old one) or the complete new one.
    /// </summary>
    /// <param name="path">The output file; its folder must exist.</param>
    /// <param name="overwrite">Replace an existing file; by default an existing file is an error and is left as it is.</param>
    /// <param name="jpegQuality">JPEG quality 1–100 (ignored for PNG).</param>
    /// <exception cref="ArgumentException">The extension is not .png, .jpg or .jpeg, or the quality is out of range.</exception>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or it cannot be written.</exception>
    public void Save(string path, bool overwrite = false, int jpegQuality = 95)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var format = FormatOf(path);
        var encoded = Encode(format, jpegQuality);
        if (overwrite)
        {
            AtomicFileWriter.WriteAllBytes(path, encoded);
            return;
        }
        if (File.Exists(path)) throw AlreadyExists(path);
        WriteNewFileAtomically(path, encoded);
    }

    /// <summary>Writes the image to <paramref name="destination"/> encoded as <paramref name="format"/>.</summary>
    public void Save(Stream destination, ImageFileFormat format, int jpegQuality = 95)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(Encode(format, jpegQuality));
    }

    /// <summary>The image as PNG file bytes (16-bit when <see cref="SixteenBitImage"/> is set).</summary>
    public byte[] ToPng() => Encode(ImageFileFormat.Png, 95);

    /// <summary>The image as JPEG file bytes at <paramref name="quality"/> (1–100).</summary>
    public byte[] ToJpeg(int quality = 95) => Encode(ImageFileFormat.Jpeg, quality);

    private byte[] Encode(ImageFileFormat format, int jpegQuality)
    {
        if (jpegQuality is < 1 or > 100)
            throw new ArgumentOutOfRangeException(nameof(jpegQuality), jpegQuality, "JPEG quality must be between 1 and 100.");
        return SixteenBitImage is { } sixteenBit
            ? ImageFile.Encode(sixteenBit, format, jpegQuality)
            : ImageFile.Encode(Image, format, jpegQuality);
    }

    // The complete file is written beside the target and then moved into place without replacing
    // anything, so a file that appeared meanwhile is kept and reported rather than overwritten.
    private static void WriteNewFileAtomically(string path, byte[] content)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"{path}: the folder '{directory}' does not exist");
        string temporaryPath = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            try
            {
                File.Move(temporaryPath, fullPath, overwrite: false);
            }
            catch (IOException) when (File.Exists(fullPath))
            {
                throw AlreadyExists(path);
            }
        }
        finally
        {
            if (File.Exists(temporaryPath)) File.Delete(temporaryPath);
        }
    }

    private static IOException AlreadyExists(string path)
        => new($"{path}: the file already exists (pass overwrite: true to replace it)");

    private static ImageFileFormat FormatOf(string path)
    {
        try
        {
            return ImageFile.FormatFromExtension(path);
        }
        catch (ImageFormatException error)
        {
            throw new ArgumentException(error.Message, nameof(path), error);
        }
    }
}
