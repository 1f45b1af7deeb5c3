using Harmonia.Cli.Errors;
using Harmonia.Cli.Options;
using Harmonia.Cli.Output;
using Harmonia.Imaging.Files;
using Harmonia.Imaging;
using Harmonia.Models;

namespace Harmonia.Cli.Inference;

/// <summary>
/// Harmonizes image files: reads a composite and its mask, runs the model at the working size, and
/// writes the result atomically in the format its extension names. One instance serves a whole batch,
/// so the model is loaded once.
/// </summary>
public sealed class FileHarmonizer
{
    private readonly ImageHarmonizer imageHarmonizer;

    /// <summary>Creates the file harmonizer.</summary>
    /// <param name="harmonizer">The loaded model.</param>
    /// <param name="size">The working size (see <see cref="ModelChoice.WorkingSize"/>).</param>
    /// <param name="onMaskMismatch">What to do with a mask whose size differs from its composite's.</param>
    public FileHarmonizer(IHarmonizer harmonizer, ProcessingSize size, MaskSizeMismatch onMaskMismatch)
    {
        imageHarmonizer = new ImageHarmonizer(harmonizer);
        Size = size;
        OnMaskMismatch = onMaskMismatch;
    }

    /// <summary>The model.</summary>
    public IHarmonizer Harmonizer => imageHarmonizer.Harmonizer;

    /// <summary>The working size.</summary>
    public ProcessingSize Size { get; }

    /// <summary>What happens when a mask's size differs from its composite's.</summary>
    public MaskSizeMismatch OnMaskMismatch { get; }

    /// <summary>
    /// Harmonizes the composite at <paramref name="compositePath"/> with the mask at <paramref name="maskPath"/>
    /// and writes the result to <paramref name="outputPath"/> (format from its extension, atomically; an existing
    /// file is replaced only when <paramref name="overwrite"/> is true). A 16-bit PNG composite gives a 16-bit PNG
    /// (a JPEG output is 8-bit). Errors name the file at fault. <paramref name="warn"/> receives remarks that are
    /// not errors, as "FILE: remark" (an empty mask). Returns the result's size.
    /// </summary>
    public (int Width, int Height) HarmonizeToFile(string compositePath, string maskPath, string outputPath, bool overwrite, Action<string>? warn = null)
    {
        if (!ImageOutputPath.HasSupportedExtension(outputPath))
            throw new CliException(outputPath, "the output must end in .png, .jpg or .jpeg");
        CheckInputs(compositePath, maskPath);
        var compositeBytes = File.ReadAllBytes(compositePath);
        var composite = WithPath(compositePath, () => ImageFile.LoadAtFullPrecision(compositeBytes));
        int width = composite.Width, height = composite.Height;
        var mask = LoadMask(maskPath, compositePath, width, height, warn);
        var format = ImageFile.FormatFromExtension(outputPath);
        try
        {
            var encoded = ImageFile.Encode(imageHarmonizer.Harmonize(composite, mask, Size.Pixels), format);
            OutputFileWriter.WriteAllBytes(outputPath, encoded, overwrite);
        }
        catch (ArgumentException error)
        {
            // Size rules ("multiples of 8"): the message says what to do; the composite is the file it is about.
            throw new CliException(compositePath, error.Message, error);
        }
        return (width, height);
    }

    private MaskCoverage LoadMask(string maskPath, string compositePath, int width, int height, Action<string>? warn)
    {
        var maskBytes = File.ReadAllBytes(maskPath);
        var mask = WithPath(maskPath, () => MaskCoverage.FromImage(ImageFile.Load(maskBytes)));
        if (!CompositeSize.Matches(mask.Width, mask.Height, width, height) && OnMaskMismatch == MaskSizeMismatch.Error)
            throw new CliException(
                maskPath,
                $"the mask {CompositeSize.Mismatch(mask.Width, mask.Height, compositePath, width, height)}; " +
                "pass --resize-mask to resize the mask to the composite");
        mask = mask.ResizeNearest(width, height);
        if (mask.Binarized.IsEmpty)
            warn?.Invoke($"{TerminalText.Escape(maskPath)}: the mask has no foreground pixels (white = foreground); the output equals the composite");
        else if (mask.Binarized.IsFull)
            warn?.Invoke($"{TerminalText.Escape(maskPath)}: the mask covers the whole image (black = background); with no background to match, the result is only the model's guess");
        return mask;
    }

    // Decoding from memory gives messages without the file; errors must name it.
    private static T WithPath<T>(string path, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (ImageFormatException error)
        {
            throw new CliException(path, error.Message, error);
        }
    }

    /// <summary>Fails with an error naming the file when the composite or the mask is missing or is a folder;
    /// cheap, so a single run can check before it loads the model.</summary>
    public static void CheckInputs(string compositePath, string maskPath)
    {
        RequireFile(compositePath, "composite");
        RequireFile(maskPath, "mask");
    }

    // Reading a folder as a file fails with "access denied"; say what is actually wrong.
    private static void RequireFile(string path, string role)
    {
        if (Directory.Exists(path))
            throw new CliException(path, $"is a folder; the {role} must be an image file" +
                                         (role == "composite" ? " (for a folder of composites use --input DIR)" : ""));
        if (!File.Exists(path))
            throw new CliException(path, "file not found");
    }

    /// <summary>Encodes <paramref name="image"/> as PNG or JPEG (by the extension of <paramref name="outputPath"/>)
    /// and writes it atomically; an existing file is replaced only when <paramref name="overwrite"/> is true.</summary>
    public static void Save(Image image, string outputPath, bool overwrite)
    {
        if (!ImageOutputPath.HasSupportedExtension(outputPath))
            throw new CliException(outputPath, "the output must end in .png, .jpg or .jpeg");
        var encoded = ImageFile.Encode(image, ImageFile.FormatFromExtension(outputPath));
        OutputFileWriter.WriteAllBytes(outputPath, encoded, overwrite);
    }
}
