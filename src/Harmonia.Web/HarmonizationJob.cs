using Harmonia.Imaging.Files;
using Harmonia.Imaging;
using Harmonia.Models;
using Microsoft.AspNetCore.Http;

namespace Harmonia.Web;

/// <summary>
/// The CPU-heavy part of a request: decodes the two uploads, checks that they fit together and
/// within the limits, harmonizes, and encodes the result as PNG (16-bit for a 16-bit PNG composite). Runs while holding a gate slot.
/// </summary>
internal static class HarmonizationJob
{
    /// <summary>Runs the whole job; refusals come out as <see cref="ApiProblemException"/>.</summary>
    public static byte[] Run(HarmonizeRequest request, ServerOptions options)
    {
        var limits = new DecodeLimits(options.MaxImagePixels);
        var composite = Decode(request.CompositeFile, "composite", file => ImageFile.LoadAtFullPrecision(file, limits));
        var mask = Decode(request.MaskFile, "mask", file => MaskCoverage.FromImage(ImageFile.Load(file, limits)));
        if (!CompositeSize.Matches(mask.Width, mask.Height, composite.Width, composite.Height))
            throw Unprocessable("mask_size_mismatch",
                $"the mask {CompositeSize.Mismatch(mask.Width, mask.Height, null, composite.Width, composite.Height)}; they must be the same size");

        if (request.WorkingSize is null) CheckNativeSize(composite, request.Harmonizer, options);
        try
        {
            var harmonizer = new ImageHarmonizer(request.Harmonizer);
            // A 16-bit PNG comes back 16-bit.
            return ImageFile.Encode(harmonizer.Harmonize(composite, mask, request.WorkingSize), ImageFileFormat.Png);
        }
        catch (ArgumentException e)
        {
            // The checks above should have caught every bad combination; this keeps any we missed a clear 422.
            throw Unprocessable("cannot_harmonize", e.Message);
        }
    }

    private static T Decode<T>(byte[] file, string part, Func<byte[], T> decode)
    {
        try
        {
            return decode(file);
        }
        catch (ImageFormatException e)
        {
            throw Unprocessable($"invalid_{part}", $"the {part} image cannot be used: {e.Message}");
        }
    }

    /// <summary>At native size the model sees every pixel, so big photos are refused rather than exhausting memory.</summary>
    private static void CheckNativeSize(DecodedImage composite, IHarmonizer harmonizer, ServerOptions options)
    {
        long pixels = (long)composite.Width * composite.Height;
        if (pixels > options.MaxNativePixels)
            throw Unprocessable("too_large_for_native",
                $"the composite is {composite.Width}x{composite.Height} = {pixels} pixels, above the {options.MaxNativePixels} pixels this server harmonizes at native size; choose a working size such as {options.DefaultWorkingSize}");
        int multiple = harmonizer.SizeMultiple;
        if (composite.Width % multiple != 0 || composite.Height % multiple != 0)
            throw Unprocessable("native_size_not_multiple",
                $"{harmonizer.Name} runs at native size only on sizes that are multiples of {multiple}; the composite is {composite.Width}x{composite.Height}; choose a working size instead");
    }

    private static ApiProblemException Unprocessable(string error, string detail)
        => new(StatusCodes.Status422UnprocessableEntity, error, detail);
}
