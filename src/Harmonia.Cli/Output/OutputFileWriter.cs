using Harmonia.Cli.Errors;
using Harmonia.Tensors.Files;

namespace Harmonia.Cli.Output;

/// <summary>
/// Writes a command's output file atomically (<see cref="AtomicFileWriter"/>) under the CLI's rules: an
/// existing file is never replaced without <c>--overwrite</c> (a <see cref="CliException"/> naming it, also
/// when another process creates it while the content is being written), and missing parent folders are
/// created.
/// </summary>
/// <example>
/// <code>
/// using var writer = OutputFileWriter.Create(outPath, overwrite);
/// encoder.Write(image, writer.Stream);
/// writer.Commit();
/// </code>
/// </example>
public sealed class OutputFileWriter : IDisposable
{
    private readonly AtomicFileWriter writer;
    private readonly bool overwrite;

    private OutputFileWriter(AtomicFileWriter writer, bool overwrite)
    {
        this.writer = writer;
        this.overwrite = overwrite;
    }

    /// <summary>The file that <see cref="Commit"/> creates or replaces.</summary>
    public string Path => writer.Path;

    /// <summary>The hidden file the content is written to until <see cref="Commit"/>.</summary>
    public string TemporaryPath => writer.TemporaryPath;

    /// <summary>The stream to write the content to. Do not dispose it; dispose the writer.</summary>
    public Stream Stream => writer.Stream;

    /// <summary>Starts writing <paramref name="path"/>. Fails with a <see cref="CliException"/> if the target
    /// exists and <paramref name="overwrite"/> is false. Creates missing parent folders.</summary>
    public static OutputFileWriter Create(string path, bool overwrite)
    {
        OverwriteGuard.EnsureFileCanBeWritten(path, overwrite);
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        try
        {
            Directory.CreateDirectory(folder);
            return new OutputFileWriter(AtomicFileWriter.Create(path, overwrite), overwrite);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The failure is about the hidden temporary file or a folder on the way; the user knows the output.
            throw new CliException(path, $"cannot be written in '{folder}': {WhyNotWritable(error)}");
        }
    }

    private static string WhyNotWritable(Exception error) => error switch
    {
        UnauthorizedAccessException => "permission denied",
        FileNotFoundException or DirectoryNotFoundException => "the folder does not accept new files",
        _ => ErrorLine.AsProblem(error.Message),
    };

    /// <summary>Writes <paramref name="path"/> atomically from <paramref name="write"/>, which receives the stream.</summary>
    public static void Write(string path, bool overwrite, Action<Stream> write)
    {
        using var writer = Create(path, overwrite);
        write(writer.Stream);
        writer.Commit();
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, bool overwrite)
    {
        using var writer = Create(path, overwrite);
        writer.Stream.Write(bytes);
        writer.Commit();
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text, bool overwrite) =>
        WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(text), overwrite);

    /// <summary>Flushes the content to disk, renames it over <see cref="Path"/> and flushes the folder.</summary>
    public void Commit()
    {
        try
        {
            writer.Commit();
        }
        catch (IOException) when (!overwrite && File.Exists(Path))
        {
            // Another process created the target after Create checked it.
            throw new CliException(Path, OverwriteGuard.ExistsReason);
        }
    }

    /// <summary>Discards the content unless <see cref="Commit"/> succeeded.</summary>
    public void Dispose() => writer.Dispose();
}
