using System.Text.Json;

namespace Harmonia.Training.Logging;

/// <summary>
/// An append-only JSON Lines file: one JSON object per line. Each record is serialised in
/// memory and reaches the file in a single write followed by a flush, so a process killed
/// between records leaves only whole lines, and one killed during a write leaves at most one
/// torn last line. Opening a file whose last line is torn starts a fresh line first, so the
/// damage never spreads to new records (readers skip the one unparsable line).
/// </summary>
public sealed class JsonLinesLog : IDisposable
{
    private readonly FileStream stream;

    /// <summary>Opens (creating if needed) <paramref name="path"/> for appending.</summary>
    public JsonLinesLog(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        // Unbuffered: every record goes to the OS in one write call.
        stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        if (stream.Length > 0)
        {
            stream.Seek(-1, SeekOrigin.End);
            bool endsWithNewline = stream.ReadByte() == '\n';
            stream.Seek(0, SeekOrigin.End);
            if (!endsWithNewline) WriteBytes("\n"u8);
        }
    }

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <summary>
    /// Appends one record: <paramref name="writeFields"/> writes the properties of a JSON object
    /// (the braces are added). Non-finite numbers must be written as null by the caller
    /// (see <see cref="WriteNumber"/>).
    /// </summary>
    public void Append(Action<Utf8JsonWriter> writeFields)
    {
        ArgumentNullException.ThrowIfNull(writeFields);
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeFields(writer);
            writer.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        WriteBytes(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Writes <paramref name="value"/> as a number, or null when it is NaN or infinite (JSON has no such numbers).</summary>
    public static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value)) writer.WriteNumber(name, value);
        else writer.WriteNull(name);
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        stream.Write(bytes);
        stream.Flush();
    }

    /// <inheritdoc/>
    public void Dispose() => stream.Dispose();
}
