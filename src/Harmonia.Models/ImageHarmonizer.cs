using Harmonia.Imaging;
using Harmonia.Tensors;
using static Harmonia.Tensors.Functional;

namespace Harmonia.Models;

/// <summary>
/// Harmonizes whole images: converts pixels to tensors, runs a <see cref="IHarmonizer"/> at the
/// chosen working size, and returns an 8-bit image of the composite's size.
/// </summary>
/// <remarks>
/// At a working size smaller than the photo, only the predicted CHANGE (harmonized − composite at
/// the working size) is resized back and added to the full-resolution composite inside the mask,
/// so the background and the foreground's own detail stay sharp.
/// </remarks>
public sealed class ImageHarmonizer(IHarmonizer harmonizer)
{
    /// <summary>The model doing the work.</summary>
    public IHarmonizer Harmonizer { get; } = harmonizer;

    /// <summary>
    /// Harmonizes <paramref name="composite"/> (RGB or RGBA; alpha is dropped) with <paramref name="mask"/>
    /// of the same size. <paramref name="workingSize"/> null runs at the image's own size, which must
    /// then be a multiple of the model's <see cref="IHarmonizer.SizeMultiple"/>; otherwise the model
    /// runs at workingSize × workingSize.
    /// </summary>
    public Image Harmonize(Image composite, Mask mask, int? workingSize)
    {
        if (mask.Width != composite.Width || mask.Height != composite.Height)
            throw new ArgumentException($"the mask is {mask.Width}×{mask.Height} but the composite is {composite.Width}×{composite.Height}");
        var rgb = ChannelConversion.ToRgb(composite);
        using var _ = Autograd.NoGrad();
        var full = ImageTensorConversion.ToTensor(rgb, PixelRange.ZeroToOne);
        var fullMask = mask.ToTensor();
        int multiple = Harmonizer.SizeMultiple;

        if (workingSize is null)
        {
            if (rgb.Width % multiple != 0 || rgb.Height % multiple != 0)
                throw new ArgumentException($"{Harmonizer.Name} runs on sizes that are multiples of {multiple}; {rgb.Width}×{rgb.Height} is not (use a working size, e.g. --size 256)");
            return ImageTensorConversion.FromTensor(Harmonizer.Harmonize(full, fullMask), PixelRange.ZeroToOne);
        }

        int size = workingSize.Value;
        if (size <= 0 || size % multiple != 0)
            throw new ArgumentException($"working size {size} must be a positive multiple of {multiple} for {Harmonizer.Name}");
        var small = ImageTensorConversion.ToTensor(ImageResizer.Resize(rgb, size, size, ResamplingFilter.Bicubic), PixelRange.ZeroToOne);
        var smallMask = mask.ResizeNearest(size, size).ToTensor();
        var change = Harmonizer.Harmonize(small, smallMask) - small;
        var fullChange = PlaneResizer.Resize(change, rgb.Height, rgb.Width, ResamplingFilter.Bilinear);
        var result = Clamp(full + fullChange * fullMask, 0f, 1f);
        return ImageTensorConversion.FromTensor(result, PixelRange.ZeroToOne);
    }
}
