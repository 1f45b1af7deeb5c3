using Harmonia.Imaging;
using Harmonia.Imaging.Files;
using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;
using Harmonia.Imaging.TensorConversion;

namespace Harmonia.Models;

/// <summary>
/// Harmonizes whole images: converts pixels to tensors, runs a <see cref="IHarmonizer"/> at the
/// chosen working size, and returns an image of the composite's size, channel layout and bit depth.
/// </summary>
/// <remarks>
/// At a working size smaller than the photo, only the predicted CHANGE (harmonized − composite at
/// the working size) is resized back and added to the full-resolution composite inside the mask,
/// so the background and the foreground's own detail stay sharp. The network always sees a binary
/// mask; with a soft (feathered) mask every pixel moves by its coverage × the change the object gets,
/// as compositing tools blend a feathered layer (<see cref="SoftMaskBlend"/>). The result keeps the
/// composite's layout: a grey composite gives a grey result, an RGBA composite's alpha is copied
/// unchanged, and a 16-bit composite gives a 16-bit result.
/// </remarks>
public sealed class ImageHarmonizer(IHarmonizer harmonizer)
{
    /// <summary>The model doing the work.</summary>
    public IHarmonizer Harmonizer { get; } = harmonizer;

    /// <summary>
    /// Harmonizes <paramref name="composite"/> (grey, RGB or RGBA) with the binary <paramref name="mask"/>
    /// of the same size. <paramref name="workingSize"/> null runs at the image's own size, which must
    /// then be a multiple of the model's <see cref="IHarmonizer.SizeMultiple"/>; otherwise the model
    /// runs at workingSize × workingSize.
    /// </summary>
    public Image Harmonize(Image composite, Mask mask, int? workingSize) =>
        Harmonize(composite, MaskCoverage.FromMask(mask), workingSize);

    /// <summary>
    /// As <see cref="Harmonize(Image, Mask, int?)"/>, with a mask that may be soft: the network sees
    /// <see cref="MaskCoverage.Binarized"/>, and every pixel, also those below 0.5, moves by its coverage
    /// × the change the object gets (<see cref="SoftMaskBlend"/>). A binary coverage gives exactly the
    /// binary mask's result.
    /// </summary>
    public Image Harmonize(Image composite, MaskCoverage coverage, int? workingSize)
    {
        ArgumentNullException.ThrowIfNull(composite);
        CheckSizes(composite.Width, composite.Height, coverage);
        var rgb = ChannelConversion.ToRgb(composite);
        using var _ = Autograd.NoGrad();
        var full = ImageTensorConversion.ToTensor(rgb, PixelRange.ZeroToOne);
        var result = HarmonizeRgb(full, coverage, workingSize,
            size => ImageTensorConversion.ToTensor(ImageResizer.Resize(rgb, size, size, ResamplingFilter.Bicubic), PixelRange.ZeroToOne));
        var harmonized = ImageTensorConversion.FromTensor(result, PixelRange.ZeroToOne);
        return composite.Channels switch
        {
            1 => ChannelConversion.ToGrey(harmonized),
            4 => WithAlphaOf(composite.Pixels, harmonized.Pixels, pixels => new Image(rgb.Width, rgb.Height, 4, pixels)),
            _ => harmonized,
        };
    }

    /// <summary>Harmonizes a decoded file at its own precision: 8-bit in, 8-bit out; 16-bit in, 16-bit out.</summary>
    public DecodedImage Harmonize(DecodedImage composite, MaskCoverage coverage, int? workingSize)
    {
        ArgumentNullException.ThrowIfNull(composite);
        return composite.SixteenBit is { } sixteenBit
            ? new DecodedImage(Harmonize(sixteenBit, coverage, workingSize))
            : new DecodedImage(Harmonize(composite.EightBit!, coverage, workingSize));
    }

    /// <summary>
    /// As <see cref="Harmonize(Image, MaskCoverage, int?)"/> for a 16-bit composite, at 16-bit precision: the
    /// composite and the change are kept as floats, and the result is a 16-bit image of the composite's layout.
    /// </summary>
    public Image16 Harmonize(Image16 composite, MaskCoverage coverage, int? workingSize)
    {
        ArgumentNullException.ThrowIfNull(composite);
        CheckSizes(composite.Width, composite.Height, coverage);
        int width = composite.Width, height = composite.Height, pixelCount = width * height;
        var planes = composite.ToChw();
        var rgbPlanes = new float[3 * pixelCount];
        for (int c = 0; c < 3; c++)
            planes.AsSpan((composite.Channels == 1 ? 0 : c) * pixelCount, pixelCount).CopyTo(rgbPlanes.AsSpan(c * pixelCount));
        using var _ = Autograd.NoGrad();
        var full = Tensor.FromArray(rgbPlanes, 1, 3, height, width);
        var result = HarmonizeRgb(full, coverage, workingSize, size => PlaneResizer.Resize(full, size, size, ResamplingFilter.Bicubic));
        var harmonized = Image16.FromChw(result.Data, 3, height, width);
        return composite.Channels switch
        {
            1 => GreyOf(harmonized),
            4 => WithAlphaOf(composite.Samples, harmonized.Samples, samples => new Image16(width, height, 4, samples)),
            _ => harmonized,
        };
    }

    private static void CheckSizes(int width, int height, MaskCoverage coverage)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        if (coverage.Width != width || coverage.Height != height)
            throw new ArgumentException($"the mask is {coverage.Width}×{coverage.Height} but the composite is {width}×{height}");
    }

    /// <summary>The harmonized RGB composite [1, 3, H, W] in [0, 1]; <paramref name="resized"/> gives the composite at N×N.</summary>
    private Tensor HarmonizeRgb(Tensor full, MaskCoverage coverage, int? workingSize, Func<int, Tensor> resized)
    {
        int height = full.Shape[2], width = full.Shape[3];
        var fullMask = coverage.Binarized.ToTensor();
        int multiple = Harmonizer.SizeMultiple;

        if (workingSize is null)
        {
            if (width % multiple != 0 || height % multiple != 0)
                throw new ArgumentException($"{Harmonizer.Name} runs on sizes that are multiples of {multiple}; {width}×{height} is not (use a working size, e.g. --size 256)");
            return coverage.IsBinary
                ? Harmonizer.Harmonize(full, fullMask)
                : SoftMaskBlend.Harmonize(Harmonizer, full, coverage, full, fullMask);
        }

        int size = workingSize.Value;
        if (size <= 0 || size % multiple != 0)
            throw new ArgumentException($"working size {size} must be a positive multiple of {multiple} for {Harmonizer.Name}");
        var small = resized(size);
        var smallMask = coverage.Binarized.ResizeNearest(size, size).ToTensor();
        if (!coverage.IsBinary)
            return SoftMaskBlend.Harmonize(Harmonizer, full, coverage, small, smallMask);
        var change = Harmonizer.Harmonize(small, smallMask) - small;
        var fullChange = PlaneResizer.Resize(change, height, width, ResamplingFilter.Bilinear);
        return Clamp(full + fullChange * fullMask, 0f, 1f);
    }

    // The networks work in RGB; an RGBA composite's alpha goes back on unchanged.
    private static TImage WithAlphaOf<TSample, TImage>(TSample[] compositeRgba, TSample[] harmonizedRgb, Func<TSample[], TImage> create)
    {
        int pixelCount = harmonizedRgb.Length / 3;
        var rgba = new TSample[pixelCount * 4];
        for (int i = 0; i < pixelCount; i++)
        {
            rgba[4 * i] = harmonizedRgb[3 * i];
            rgba[4 * i + 1] = harmonizedRgb[3 * i + 1];
            rgba[4 * i + 2] = harmonizedRgb[3 * i + 2];
            rgba[4 * i + 3] = compositeRgba[4 * i + 3];
        }
        return create(rgba);
    }

    // ITU-R 601-2 luma, as ChannelConversion.ToGrey computes it for 8-bit images.
    private static Image16 GreyOf(Image16 rgb)
    {
        var grey = new ushort[rgb.Width * rgb.Height];
        for (int i = 0; i < grey.Length; i++)
            grey[i] = (ushort)Math.Min(65535.0, Math.Round(0.299 * rgb.Samples[3 * i] + 0.587 * rgb.Samples[3 * i + 1] + 0.114 * rgb.Samples[3 * i + 2]));
        return new Image16(rgb.Width, rgb.Height, 1, grey);
    }
}
