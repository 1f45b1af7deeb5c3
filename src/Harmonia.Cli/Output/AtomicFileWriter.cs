using Harmonia.Cli.Errors;
using Harmonia.Tensors.Files;

namespace Harmonia.Cli.Output;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a
/// half-written file: the bytes go to a hidden temporary file in the same folder, which is renamed
/// over the target only on <see cref="Commit"/>. Disposing without committing (an exception, Ctrl-C)
/// deletes the temporary file and leaves the target untouched.
/// </summary>
/// <example>
/// <code>
/// using var writer = AtomicFileWriter.Create(outPath, overwrite);
/// encoder.Write(image, writer.Stream);
/// writer.Commit();
/// </code>
/// </example>
public sealed class AtomicFileWriter : IDisposable
{
    private readonly FileStream stream;
    private readonly bool overwrite;
    private bool finished;

    private AtomicFileWriter(string path, string temporaryPath, FileStream stream, bool overwrite)
    {
        Path = path;
        TemporaryPath = temporaryPath;
        this.stream = stream;
        this.overwrite = overwrite;
    }

    /// <summary>The file that <see cref="Commit"/> creates or replaces.</summary>
    public string Path { get; }

    /// <summary>The hidden file the content is written to until <see cref="Commit"/>.</summary>
    public string TemporaryPath { get; }

    /// <summary>The stream to write the content to. Do not dispose it; dispose the writer.</summary>
    public Stream Stream => stream;

    /// <summary>Starts writing <paramref name="path"/>. Fails with a <see cref="CliException"/> if the target
    /// exists and <paramref name="overwrite"/> is false. Creates missing parent folders.</summary>
    public static AtomicFileWriter Create(string path, bool overwrite)
    {
        OverwriteGuard.EnsureFileCanBeWritten(path, overwrite);
        var fullPath = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        // Same folder as the target, so the final rename never crosses file systems and stays atomic.
        var temporaryPath = System.IO.Path.Combine(
            folder, $".{System.IO.Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        return new AtomicFileWriter(path, temporaryPath, stream, overwrite);
    }

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
        ObjectDisposedException.ThrowIf(finished, this);
        stream.Flush(flushToDisk: true);
        stream.Dispose();
        try
        {
            File.Move(TemporaryPath, Path, overwrite);
        }
        catch (IOException) when (!overwrite && File.Exists(Path))
        {
            // Another process created the target after Create checked it.
            DeleteTemporaryFile();
            finished = true;
            throw new CliException(Path, OverwriteGuard.ExistsReason);
        }
        catch
        {
            DeleteTemporaryFile();
            finished = true;
            throw;
        }
        finished = true;
        // The rename lives in the folder: flush it too, or a power loss could still lose the file.
        DirectorySync.Flush(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
    }

    /// <summary>Discards the content unless <see cref="Commit"/> succeeded.</summary>
    public void Dispose()
    {
        if (finished)
            return;
        finished = true;
        stream.Dispose();
        DeleteTemporaryFile();
    }

    private void DeleteTemporaryFile()
    {
        try
        {
            File.Delete(TemporaryPath);
        }
        catch (IOException)
        {
            // Best effort: the original error matters more than a leftover hidden file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
