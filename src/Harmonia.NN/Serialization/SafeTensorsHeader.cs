using System.Text.Json;
using System.Text.Unicode;

namespace Harmonia.NN.Serialization;

/// <summary>One tensor's record in a safetensors header, validated.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="DType">Its element type.</param>
/// <param name="Shape">Its sizes, each in [0, int.MaxValue].</param>
/// <param name="Numel">The product of the sizes, at most <see cref="Array.MaxLength"/>.</param>
/// <param name="Begin">First byte of its data, relative to the start of the data buffer.</param>
/// <param name="End">One past its last byte.</param>
internal sealed record SafeTensorsEntry(string Name, CheckpointDType DType, int[] Shape, int Numel, long Begin, long End);

/// <summary>
/// Parses and validates the JSON header of a safetensors file, with the same strictness as the
/// reference implementation: every tensor's bytes lie inside the data buffer, the tensors
/// tile the buffer exactly (no gaps, no overlap), and each byte range matches its shape and dtype.
/// </summary>
internal sealed class SafeTensorsHeader
{
    /// <summary>The reference implementation's cap on the header size.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private const string MetadataKey = "__metadata__";

    private SafeTensorsHeader(List<SafeTensorsEntry> entries, Dictionary<string, string> metadata)
    {
        Entries = entries;
        Metadata = metadata;
    }

    /// <summary>The tensors in header order.</summary>
    public IReadOnlyList<SafeTensorsEntry> Entries { get; }

    /// <summary>The <c>__metadata__</c> pairs (empty when absent).</summary>
    public Dictionary<string, string> Metadata { get; }

    /// <summary>
    /// Checks the declared header length against the file length before anything is read, so a
    /// corrupt length never leads to a huge allocation.
    /// </summary>
    public static void CheckHeaderLength(ulong headerLength, long fileLength, string source)
    {
        if (fileLength < 8)
            throw new CheckpointFormatException(source, $"file of {fileLength} bytes is too short for a safetensors header (needs at least 8 bytes)");
        if (headerLength < 2)
            throw new CheckpointFormatException(source, $"header length {headerLength} is too small to hold a JSON object");
        if (headerLength > MaxHeaderBytes)
            throw new CheckpointFormatException(source, $"header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit");
        if (headerLength > (ulong)(fileLength - 8))
            throw new CheckpointFormatException(source, $"header length {headerLength} runs past the end of the {fileLength}-byte file");
    }

    /// <summary>Parses the header JSON and checks every entry against a data buffer of <paramref name="bufferLength"/> bytes.</summary>
    public static SafeTensorsHeader Parse(ReadOnlySpan<byte> json, long bufferLength, string source)
    {
        // JsonDocument decodes names lazily and would only fail on bad UTF-8 later, with another exception type.
        if (!Utf8.IsValid(json))
            throw new CheckpointFormatException(source, "header is not valid UTF-8");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(source, $"header is not well-formed JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new CheckpointFormatException(source, $"header must be a JSON object, found {root.ValueKind}");

            var entries = new List<SafeTensorsEntry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                string name = NameOf(property, "a tensor name", source);
                if (!seen.Add(name))
                    throw new CheckpointFormatException(source, $"header names '{name}' twice");
                if (name == MetadataKey)
                    ReadMetadata(property.Value, metadata, source);
                else
                    entries.Add(ReadEntry(name, property.Value, source));
            }
            CheckLayout(entries, bufferLength, source);
            return new SafeTensorsHeader(entries, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new CheckpointFormatException(source, $"'{MetadataKey}' must be an object of strings, found {value.ValueKind}");
        foreach (var pair in value.EnumerateObject())
        {
            string key = NameOf(pair, "a metadata key", source);
            if (pair.Value.ValueKind != JsonValueKind.String)
                throw new CheckpointFormatException(source, $"metadata value '{key}' must be a string, found {pair.Value.ValueKind}");
            if (!metadata.TryAdd(key, StringOf(pair.Value, $"metadata value '{key}'", source)))
                throw new CheckpointFormatException(source, $"metadata names '{key}' twice");
        }
    }

    private static SafeTensorsEntry ReadEntry(string name, JsonElement value, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new CheckpointFormatException(source, $"tensor '{name}' must be described by an object, found {value.ValueKind}");

        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw new CheckpointFormatException(source, $"tensor '{name}' has no string 'dtype'");
        string dtypeName = StringOf(dtypeElement, $"the dtype of tensor '{name}'", source);
        if (!CheckpointDTypeInfo.TryParseSafeTensorsName(dtypeName, out var dtype))
            throw new CheckpointFormatException(source, $"tensor '{name}' has unsupported dtype '{dtypeName}' (supported: F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL)");

        if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw new CheckpointFormatException(source, $"tensor '{name}' has no 'shape' array");
        var shape = new int[shapeElement.GetArrayLength()];
        long numel = 1;
        int d = 0;
        foreach (var size in shapeElement.EnumerateArray())
        {
            if (size.ValueKind != JsonValueKind.Number || !size.TryGetInt64(out long s) || s < 0)
                throw new CheckpointFormatException(source, $"tensor '{name}' has a shape entry that is not a non-negative integer: {size.GetRawText()}");
            if (s > int.MaxValue)
                throw new CheckpointFormatException(source, $"tensor '{name}' has dimension {d} of size {s}, larger than this engine supports");
            shape[d++] = (int)s;
            // Stays exact: numel never exceeds Array.MaxLength before this multiply, and s <= int.MaxValue.
            numel *= s;
            if (numel > Array.MaxLength)
                throw new CheckpointFormatException(source, $"tensor '{name}' with shape [{string.Join(", ", shape[..d])}...] has more elements than one buffer can hold");
        }

        if (!value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array || offsetsElement.GetArrayLength() != 2)
            throw new CheckpointFormatException(source, $"tensor '{name}' has no 'data_offsets' pair");
        long begin = ReadOffset(offsetsElement[0], name, source);
        long end = ReadOffset(offsetsElement[1], name, source);
        if (end < begin)
            throw new CheckpointFormatException(source, $"tensor '{name}' has data_offsets [{begin}, {end}] that end before they begin");
        long expectedBytes = numel * dtype.ElementSize();
        if (end - begin != expectedBytes)
            throw new CheckpointFormatException(source, $"tensor '{name}' spans {end - begin} bytes but {dtypeName} shape [{string.Join(", ", shape)}] needs {expectedBytes}");
        return new SafeTensorsEntry(name, dtype, shape, (int)numel, begin, end);
    }

    // JSON may escape a lone UTF-16 surrogate ("\ud800"), which is no Unicode text; System.Text.Json
    // then throws InvalidOperationException when the string is read. These two turn that into a format error.
    private static string NameOf(JsonProperty property, string what, string source)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException e)
        {
            throw NotUnicode(what, source, e);
        }
    }

    private static string StringOf(JsonElement element, string what, string source)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw NotUnicode(what, source, e);
        }
    }

    private static CheckpointFormatException NotUnicode(string what, string source, Exception cause) =>
        new(source, $"header has {what} that is not valid Unicode (an escaped lone surrogate such as \\ud800)", cause);

    private static long ReadOffset(JsonElement element, string name, string source)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out long offset) || offset < 0)
            throw new CheckpointFormatException(source, $"tensor '{name}' has a data offset that is not a non-negative integer: {element.GetRawText()}");
        return offset;
    }

    /// <summary>The tensors, sorted by offset, must tile [0, bufferLength) exactly.</summary>
    private static void CheckLayout(List<SafeTensorsEntry> entries, long bufferLength, string source)
    {
        var byOffset = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long expectedBegin = 0;
        foreach (var entry in byOffset)
        {
            if (entry.Begin != expectedBegin)
            {
                string problem = entry.Begin < expectedBegin ? "overlaps the previous tensor" : "leaves a gap after the previous tensor";
                throw new CheckpointFormatException(source, $"tensor '{entry.Name}' at data_offsets [{entry.Begin}, {entry.End}] {problem} (expected to begin at {expectedBegin})");
            }
            if (entry.End > bufferLength)
                throw new CheckpointFormatException(source, $"tensor '{entry.Name}' at data_offsets [{entry.Begin}, {entry.End}] runs past the {bufferLength}-byte data buffer");
            expectedBegin = entry.End;
        }
        if (expectedBegin != bufferLength)
            throw new CheckpointFormatException(source, $"the tensors cover {expectedBegin} bytes but the data buffer holds {bufferLength}");
    }
}
