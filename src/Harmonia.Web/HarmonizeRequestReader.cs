using System.Globalization;
using Harmonia.Models;
using Microsoft.AspNetCore.Http;

namespace Harmonia.Web;

/// <summary>
/// Reads the multipart form of <c>POST /api/harmonize</c> into a <see cref="HarmonizeRequest"/>,
/// refusing anything malformed or over the limits with an <see cref="ApiProblemException"/>.
/// Nothing here decodes pixels: that costly step happens only once the request holds a slot.
/// </summary>
internal static class HarmonizeRequestReader
{
    /// <summary>Form field holding the composite image file.</summary>
    public const string CompositeField = "composite";
    /// <summary>Form field holding the mask image file.</summary>
    public const string MaskField = "mask";
    /// <summary>Form field naming the model.</summary>
    public const string ModelField = "model";
    /// <summary>Form field with the working size: "native" or a positive integer.</summary>
    public const string SizeField = "size";
    /// <summary>Form field with the colour map's minimum change in 8-bit levels (the command line's <c>--min-change</c>); empty for the default.</summary>
    public const string MinimumChangeField = "min_change";
    /// <summary>Form field with the colour map's colour guard, "on", "off" or "DEGREES,KEPT" (the command line's <c>--color-guard</c>); empty for the default.</summary>
    public const string ColorGuardField = "color_guard";
    /// <summary>Form field with the output: "color-map" (the default) or "dense" (the command line's <c>--output</c>).</summary>
    public const string OutputField = "output";

    /// <summary>Every field the form may hold; any other is refused, so a misspelt option is not silently ignored.</summary>
    public static readonly IReadOnlyList<string> KnownFields =
        [CompositeField, MaskField, ModelField, SizeField, OutputField, MinimumChangeField, ColorGuardField];

    /// <summary>Reads and checks the form.</summary>
    public static async Task<HarmonizeRequest> ReadAsync(HttpRequest request, ServerOptions options, IModelSource models, CancellationToken cancellationToken)
    {
        if (request.ContentLength > options.MaxUploadBytes) throw UploadTooLarge(options);
        if (!request.HasFormContentType)
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                $"send a multipart/form-data form with files '{CompositeField}' and '{MaskField}' (got content type '{request.ContentType}')");

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw UploadTooLarge(options);
        }
        catch (Exception e) when ((e is BadHttpRequestException or InvalidDataException or IOException) && !cancellationToken.IsCancellationRequested)
        {
            // IOException: the multipart stream ended before its closing boundary.
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "malformed_form", $"the multipart form cannot be read: {e.Message}");
        }

        RejectUnknownFields(form);
        var harmonizer = WithOutput(models.Get(ResolveModel(form[ModelField].ToString(), models)), form[OutputField].ToString(),
            form[MinimumChangeField].ToString(), form[ColorGuardField].ToString());
        int? workingSize = ParseWorkingSize(form[SizeField].ToString(), options, harmonizer.SizeMultiple);
        byte[] composite = await ReadFileAsync(form, CompositeField, cancellationToken);
        byte[] mask = await ReadFileAsync(form, MaskField, cancellationToken);
        return new HarmonizeRequest(composite, mask, harmonizer, workingSize);
    }

    private static void RejectUnknownFields(IFormCollection form)
    {
        var names = form.Keys.SelectMany(key => Enumerable.Repeat(key, form[key].Count)).Concat(form.Files.Select(file => file.Name)).ToList();
        var unknown = names.FirstOrDefault(name => !KnownFields.Contains(name));
        if (unknown is not null)
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "unknown_field",
                $"the form field '{Shorten(unknown)}' is not one this API reads; the fields are {string.Join(", ", KnownFields)}");
        // Two composites, or a model named twice, would otherwise be settled by which one is read first.
        var repeated = names.GroupBy(name => name).FirstOrDefault(group => group.Count() > 1)?.Key;
        if (repeated is not null)
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "repeated_field",
                $"the form field '{repeated}' is sent more than once; send each field once");
    }

    /// <summary>
    /// <paramref name="harmonizer"/> as the "output" field asks: its colour map (the default, with the
    /// "min_change" and "color_guard" fields applied) or, for "dense", the network's own pixels, which have
    /// neither setting.
    /// </summary>
    internal static IHarmonizer WithOutput(IHarmonizer harmonizer, string outputField, string minimumChangeField, string colorGuardField)
    {
        string output = outputField.Trim();
        if (output.Length == 0 || output.Equals("color-map", StringComparison.OrdinalIgnoreCase))
            return WithColorMapChoices(harmonizer, minimumChangeField, colorGuardField);
        if (!output.Equals("dense", StringComparison.OrdinalIgnoreCase))
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "bad_output",
                $"output '{Shorten(output)}' must be color-map (the default: one colour transform of the object) or dense (the network's own pixels)");
        if (harmonizer is not ColorMapHarmonizer colorMap)
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "bad_output",
                $"output applies to a network, and model '{harmonizer.Name}' is a baseline; leave the field empty");
        if (minimumChangeField.Trim().Length > 0 || colorGuardField.Trim().Length > 0)
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "bad_output",
                $"{MinimumChangeField} and {ColorGuardField} apply to the colour-map output, not to output=dense; leave them empty");
        return colorMap.Inner;
    }

    /// <summary>The model to use: the field's value if it names an available model, the default when empty.</summary>
    private static string ResolveModel(string field, IModelSource models)
    {
        string name = field.Trim();
        if (name.Length == 0) return models.DefaultModel;
        var model = models.Models.FirstOrDefault(m => m.Name == name)
            ?? throw new ApiProblemException(StatusCodes.Status400BadRequest, "unknown_model",
                $"model '{Shorten(name)}' is unknown; known models: {string.Join(", ", models.Models.Select(m => m.Name))}");
        if (!model.Available)
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "model_unavailable",
                $"model '{name}' is not available on this server: {model.Reason}");
        return name;
    }

    /// <summary>Parses the "size" field: empty for the default, "native" for null, else an integer the model accepts.</summary>
    internal static int? ParseWorkingSize(string field, ServerOptions options, int sizeMultiple)
    {
        string text = field.Trim();
        if (text.Length == 0) return options.DefaultWorkingSize;
        if (text.Equals("native", StringComparison.OrdinalIgnoreCase)) return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size < 1 || size > options.MaxWorkingSize)
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "bad_size",
                $"size '{Shorten(text)}' must be \"native\" or a whole number from 1 to {options.MaxWorkingSize}");
        if (size % sizeMultiple != 0)
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "bad_size",
                $"size {size} must be a multiple of {sizeMultiple} for this model (e.g. {Math.Max(sizeMultiple, size / sizeMultiple * sizeMultiple)})");
        return size;
    }

    /// <summary>
    /// <paramref name="harmonizer"/> with the "min_change" and "color_guard" fields applied: as it is when both
    /// are empty, else its colour map with the values given. Only a network's colour-map output has them.
    /// </summary>
    internal static IHarmonizer WithColorMapChoices(IHarmonizer harmonizer, string minimumChangeField, string colorGuardField)
    {
        string minimumText = minimumChangeField.Trim(), guardText = colorGuardField.Trim();
        if (minimumText.Length == 0 && guardText.Length == 0) return harmonizer;
        double? levels = null;
        if (minimumText.Length > 0)
        {
            if (!double.TryParse(minimumText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double parsed)
                || !ColorMapHarmonizer.IsValidMinimumChange(parsed))
                throw new ApiProblemException(StatusCodes.Status400BadRequest, "bad_min_change",
                    $"min_change '{Shorten(minimumText)}' must be a number of 8-bit levels from 0 to 255, e.g. 0 to keep every change or {ColorMapHarmonizer.DefaultMinimumChange} (the default)");
            levels = parsed;
        }
        ColorGuard? guard = null;
        if (guardText.Length > 0)
        {
            try
            {
                guard = ColorGuard.Parse(guardText);
            }
            catch (FormatException)
            {
                throw new ApiProblemException(StatusCodes.Status400BadRequest, "bad_color_guard",
                    $"color_guard '{Shorten(guardText)}' must be on, off or DEGREES,KEPT (0-180 degrees of hue, 0-1 of chroma kept), e.g. {ColorGuard.Default} (the default)");
            }
        }
        if (harmonizer is not ColorMapHarmonizer colorMap)
        {
            string field = levels is not null ? MinimumChangeField : ColorGuardField;
            throw new ApiProblemException(StatusCodes.Status400BadRequest, levels is not null ? "bad_min_change" : "bad_color_guard",
                $"{field} applies to a network's colour-map output, and model '{harmonizer.Name}' has none; leave the field empty");
        }
        return colorMap.With(levels ?? colorMap.MinimumChange, guard ?? colorMap.ColorGuard);
    }

    private static async Task<byte[]> ReadFileAsync(IFormCollection form, string field, CancellationToken cancellationToken)
    {
        var file = form.Files.GetFile(field)
            ?? throw new ApiProblemException(StatusCodes.Status400BadRequest, $"missing_{field}",
                $"the form has no file field '{field}'; send both '{CompositeField}' and '{MaskField}' as files");
        // The body limit already bounds the length, so one exact-size buffer is safe.
        var bytes = new byte[file.Length];
        await using var stream = file.OpenReadStream();
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }

    private static ApiProblemException UploadTooLarge(ServerOptions options)
        => new(StatusCodes.Status413PayloadTooLarge, "upload_too_large",
            $"the upload is larger than the limit of {options.MaxUploadBytes} bytes for the composite and mask together");

    /// <summary>Echoes user text back in errors without letting a huge field make a huge message.</summary>
    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
