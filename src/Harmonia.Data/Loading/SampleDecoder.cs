using Harmonia.Data.Datasets;
using Harmonia.Imaging.Files;
using Harmonia.Imaging.TensorConversion;
using Harmonia.Imaging;

namespace Harmonia.Data.Loading;

/// <summary>
/// Reads one sample's files and turns them into planar float data at a working size: composite
/// and real photo converted to RGB and resized with the configured filter, the mask resized and
/// binarized as configured, an optional augmentation (crop before resizing, flip after), and an
/// optional recomposition of the background from the real photo.
/// </summary>
internal static class SampleDecoder
{
    /// <param name="sample">The files to read.</param>
    /// <param name="width">Working width, or null with <paramref name="height"/> null for native size.</param>
    /// <param name="height">Working height.</param>
    /// <param name="preprocessing">Filters and options.</param>
    /// <param name="augmentation">Augmentation options, or null for none.</param>
    /// <param name="augmentationSeed">The sample's own seed for its augmentation draw.</param>
    /// <exception cref="DatasetException">A file is missing, unreadable, or does not fit the others; the message names it.</exception>
    public static DecodedSample Decode(HarmonizationSample sample, int? width, int? height, SamplePreprocessing preprocessing,
        AugmentationOptions? augmentation = null, ulong augmentationSeed = 0)
    {
        try
        {
            return DecodeFiles(sample, width, height, preprocessing, augmentation, augmentationSeed);
        }
        catch (Exception e) when (e is ImageFormatException or IOException or UnauthorizedAccessException)
        {
            // Codec and file-system messages already name the file; add which sample needed it.
            throw new DatasetException($"Sample '{sample.Subset}/{sample.Name}': {e.Message}", e);
        }
    }

    private static DecodedSample DecodeFiles(HarmonizationSample sample, int? width, int? height, SamplePreprocessing preprocessing,
        AugmentationOptions? augmentation, ulong augmentationSeed)
    {
        var limits = preprocessing.Limits ?? DecodeLimits.Default;
        var composite = ChannelConversion.ToRgb(ImageFile.Load(sample.CompositePath, limits));
        int originalWidth = composite.Width, originalHeight = composite.Height;

        Image? real = null;
        if (sample.RealPath is not null)
        {
            real = ChannelConversion.ToRgb(ImageFile.Load(sample.RealPath, limits));
            if (!CompositeSize.Matches(real.Width, real.Height, originalWidth, originalHeight))
                throw new DatasetException($"Real photo {sample.RealPath} {CompositeSize.Mismatch(real.Width, real.Height, sample.CompositePath, originalWidth, originalHeight)}; they must be the same size.");
        }
        else if (preprocessing.ComposeBackgroundFromReal)
        {
            throw new DatasetException($"Sample '{sample.Name}' ({sample.CompositePath}) has no real photo, so its background cannot be recomposed from one.");
        }

        var maskGrey = MaskLoader.LoadLevel(sample.MaskPath, limits);
        if (!CompositeSize.Matches(maskGrey.Width, maskGrey.Height, originalWidth, originalHeight))
        {
            if (preprocessing.MaskSizeMismatch == MaskSizeMismatch.Error)
                throw new DatasetException($"Mask {sample.MaskPath} {CompositeSize.Mismatch(maskGrey.Width, maskGrey.Height, sample.CompositePath, originalWidth, originalHeight)}; they must be the same size.");
            maskGrey = ImageResizer.Resize(maskGrey, originalWidth, originalHeight, ResamplingFilter.Nearest);
        }

        bool flip = false;
        if (augmentation is not null)
        {
            var draw = AugmentationDraw.Draw(augmentation, augmentationSeed, originalWidth, originalHeight);
            if (draw.Crops(originalWidth, originalHeight))
            {
                composite = ImageGeometry.Crop(composite, draw.CropX, draw.CropY, draw.CropWidth, draw.CropHeight);
                if (real is not null) real = ImageGeometry.Crop(real, draw.CropX, draw.CropY, draw.CropWidth, draw.CropHeight);
                maskGrey = ImageGeometry.Crop(maskGrey, draw.CropX, draw.CropY, draw.CropWidth, draw.CropHeight);
            }
            flip = draw.Flip;
        }

        int targetWidth = width ?? composite.Width, targetHeight = height ?? composite.Height;
        composite = ResizeIfNeeded(composite, targetWidth, targetHeight, preprocessing.ImageFilter);
        if (real is not null) real = ResizeIfNeeded(real, targetWidth, targetHeight, preprocessing.ImageFilter);
        var mask = ResizeMask(maskGrey, targetWidth, targetHeight, preprocessing.MaskResampling);

        float[] compositePlanes = ImageTensorConversion.ToChw(composite, PixelRange.ZeroToOne);
        float[]? realPlanes = real is null ? null : ImageTensorConversion.ToChw(real, PixelRange.ZeroToOne);
        float[] maskPlane = (float[])mask.Values.Clone();
        if (flip)
        {
            ImageGeometry.FlipPlanesHorizontally(compositePlanes, 3, targetHeight, targetWidth);
            if (realPlanes is not null) ImageGeometry.FlipPlanesHorizontally(realPlanes, 3, targetHeight, targetWidth);
            ImageGeometry.FlipPlanesHorizontally(maskPlane, 1, targetHeight, targetWidth);
        }
        if (preprocessing.ComposeBackgroundFromReal)
            ComposeBackground(compositePlanes, realPlanes!, maskPlane);

        return new DecodedSample(sample, compositePlanes, realPlanes, maskPlane, targetWidth, targetHeight, originalWidth, originalHeight);
    }

    private static Image ResizeIfNeeded(Image image, int width, int height, ResamplingFilter filter)
        => image.Width == width && image.Height == height ? image : ImageResizer.Resize(image, width, height, filter);

    private static Mask ResizeMask(Image grey, int width, int height, MaskResampling resampling)
    {
        if (resampling == MaskResampling.GreyBilinearThenBinarize)
            return Mask.FromImage(ResizeIfNeeded(grey, width, height, ResamplingFilter.Bilinear));
        var mask = Mask.FromImage(grey);
        return mask.Width == width && mask.Height == height ? mask : mask.ResizeNearest(width, height);
    }

    private static void ComposeBackground(float[] composite, float[] real, float[] mask)
    {
        int pixelCount = mask.Length;
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < pixelCount; i++)
                if (mask[i] == 0f) composite[c * pixelCount + i] = real[c * pixelCount + i];
    }
}
