using Harmonia.Imaging.Files;
using Harmonia.Imaging;

namespace Harmonia.Evaluation.Runs;

/// <summary>
/// Loads a sample's composite, mask and real image, checks that they agree, and brings them to the
/// working size. Every problem becomes an <see cref="EvaluationSampleException"/> naming the file.
/// </summary>
internal sealed class SamplePreparation(WorkingSize size, ResamplingFilter imageFilter, int sizeMultiple, string modelName, DecodeLimits limits)
{
    /// <summary>The three images, RGB and resized (or native-sized and checked against the model's size multiple).</summary>
    public PreparedSample Prepare(EvaluationSample sample)
    {
        Image composite = LoadRgb(sample, sample.CompositePath, "composite");
        Mask mask = LoadMask(sample, composite);
        Image real = LoadRgb(sample, sample.RealPath, "real image");
        if (!CompositeSize.Matches(real.Width, real.Height, composite.Width, composite.Height))
            throw new EvaluationSampleException(sample,
                $"real image {sample.RealPath} {CompositeSize.Mismatch(real.Width, real.Height, sample.CompositePath, composite.Width, composite.Height)}; they must be the same size.");

        if (size.IsNative)
        {
            if (composite.Width % sizeMultiple != 0 || composite.Height % sizeMultiple != 0)
                throw new EvaluationSampleException(sample,
                    $"composite {sample.CompositePath} is {composite.Width}x{composite.Height}, but {modelName} needs sizes that are multiples of {sizeMultiple}; evaluate at a fixed size (e.g. --size 256) instead of native.");
            return new PreparedSample(composite, mask, real);
        }

        int side = size.Side;
        // Nearest sampling of the already binarized mask equals binarizing the nearest-resized mask
        // image at 0.5: both pick one source pixel per output pixel and threshold it.
        return new PreparedSample(
            ImageResizer.Resize(composite, side, side, imageFilter),
            mask.ResizeNearest(side, side),
            ImageResizer.Resize(real, side, side, imageFilter));
    }

    private Image LoadRgb(EvaluationSample sample, string path, string role)
    {
        try
        {
            // Pillow's convert("RGB"), as the reference loaders do: grey is replicated, alpha dropped.
            return ChannelConversion.ToRgb(ImageFile.Load(path, limits));
        }
        catch (Exception e) when (IsFileProblem(e))
        {
            throw new EvaluationSampleException(sample, Describe(role, path, e), e);
        }
    }

    private Mask LoadMask(EvaluationSample sample, Image composite)
    {
        try
        {
            return MaskLoader.LoadFor(sample.MaskPath, sample.CompositePath, composite.Width, composite.Height, MaskSizeMismatch.Error, limits);
        }
        catch (Exception e) when (IsFileProblem(e))
        {
            throw new EvaluationSampleException(sample, Describe("mask", sample.MaskPath, e), e);
        }
    }

    private static bool IsFileProblem(Exception e) =>
        e is ImageFormatException or IOException or UnauthorizedAccessException or NotSupportedException;

    // Codec errors start with the path and most I/O errors name it somewhere; add it where it is missing.
    private static string Describe(string role, string path, Exception e)
    {
        string message = e.Message.ReplaceLineEndings(" ").Trim();
        if (message.StartsWith(path, StringComparison.Ordinal)) return $"{role} {message}";
        if (message.Contains(path, StringComparison.Ordinal)) return $"{role}: {message}";
        return $"{role} {path}: {message}";
    }
}
