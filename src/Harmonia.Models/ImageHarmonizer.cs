using Harmonia.Imaging;
using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Models;

/// <summary>
/// Harmonizes whole images: converts pixels to tensors, runs a <see cref="IHarmonizer"/> at the
/// chosen working size, and returns an 8-bit image of the composite's size and channel layout.
/// </summary>
/// <remarks>
/// At a working size smaller than the photo, only the predicted CHANGE (harmonized − composite at
/// the working size) is resized back and added to the full-resolution composite inside the mask,
/// so the background and the foreground's own detail stay sharp. The network always sees a binary
/// mask; a soft (feathered) mask's coverage is used as the alpha of that final addition, as
/// compositing tools blend a feathered layer. The result keeps the composite's layout: a grey
/// composite gives a grey result, and an RGBA composite's alpha is copied unchanged.
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
    /// <see cref="MaskCoverage.Binarized"/>, and the harmonized change is blended into the composite with
    /// the coverage as alpha. A binary coverage gives exactly the binary mask's result.
    /// </summary>
    public Image Harmonize(Image composite, MaskCoverage coverage, int? workingSize)
    {
        ArgumentNullException.ThrowIfNull(composite);
        ArgumentNullException.ThrowIfNull(coverage);
        if (coverage.Width != composite.Width || coverage.Height != composite.Height)
            throw new ArgumentException($"the mask is {coverage.Width}×{coverage.Height} but the composite is {composite.Width}×{composite.Height}");
        var rgb = ChannelConversion.ToRgb(composite);
        return WithLayoutOf(composite, HarmonizeRgb(rgb, coverage, workingSize));
    }

    private Image HarmonizeRgb(Image rgb, MaskCoverage coverage, int? workingSize)
    {
        using var _ = Autograd.NoGrad();
        var full = ImageTensorConversion.ToTensor(rgb, PixelRange.ZeroToOne);
        var fullMask = coverage.Binarized.ToTensor();
        // Where the change is applied: the binary mask itself (the networks' own path), or the soft coverage.
        var alpha = coverage.IsBinary ? fullMask : Tensor.FromArray((float[])coverage.Values.Clone(), 1, 1, rgb.Height, rgb.Width);
        int multiple = Harmonizer.SizeMultiple;

        if (workingSize is null)
        {
            if (rgb.Width % multiple != 0 || rgb.Height % multiple != 0)
                throw new ArgumentException($"{Harmonizer.Name} runs on sizes that are multiples of {multiple}; {rgb.Width}×{rgb.Height} is not (use a working size, e.g. --size 256)");
            var harmonized = Harmonizer.Harmonize(full, fullMask);
            if (!coverage.IsBinary)
                harmonized = Clamp(full + (harmonized - full) * alpha, 0f, 1f);
            return ImageTensorConversion.FromTensor(harmonized, PixelRange.ZeroToOne);
        }

        int size = workingSize.Value;
        if (size <= 0 || size % multiple != 0)
            throw new ArgumentException($"working size {size} must be a positive multiple of {multiple} for {Harmonizer.Name}");
        var small = ImageTensorConversion.ToTensor(ImageResizer.Resize(rgb, size, size, ResamplingFilter.Bicubic), PixelRange.ZeroToOne);
        var smallMask = coverage.Binarized.ResizeNearest(size, size).ToTensor();
        var change = Harmonizer.Harmonize(small, smallMask) - small;
        var fullChange = PlaneResizer.Resize(change, rgb.Height, rgb.Width, ResamplingFilter.Bilinear);
        var result = Clamp(full + fullChange * alpha, 0f, 1f);
        return ImageTensorConversion.FromTensor(result, PixelRange.ZeroToOne);
    }

    // The networks work in RGB; the result goes back to the composite's own layout.
    private static Image WithLayoutOf(Image composite, Image rgb)
    {
        switch (composite.Channels)
        {
            case 1:
                return ChannelConversion.ToGrey(rgb);
            case 4:
                var rgba = new byte[rgb.Width * rgb.Height * 4];
                for (int i = 0, pixels = rgb.Width * rgb.Height; i < pixels; i++)
                {
                    rgba[4 * i] = rgb.Pixels[3 * i];
                    rgba[4 * i + 1] = rgb.Pixels[3 * i + 1];
                    rgba[4 * i + 2] = rgb.Pixels[3 * i + 2];
                    rgba[4 * i + 3] = composite.Pixels[4 * i + 3];
                }
                return new Image(rgb.Width, rgb.Height, 4, rgba);
            default:
                return rgb;
        }
    }
}
