namespace Harmonia.Tensors.Files;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a
/// half-written file: the bytes go to a hidden temporary file in the same folder (same volume, so the
/// rename is atomic), which on <see cref="Commit"/> is flushed to disk, renamed over the target, and
/// followed by a flush of the folder (<see cref="DirectorySync"/>) so the rename survives a power loss.
/// Disposing without committing (an exception, a cancellation) deletes the temporary file and leaves
/// the target untouched. Images, checkpoints, reports and the CLI's outputs are all written with it.
/// </summary>
/// <example>
/// <code>
/// using var writer = AtomicFileWriter.Create(path);
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

    /// <summary>
    /// Starts writing <paramref name="path"/>. With <paramref name="overwrite"/> false, <see cref="Commit"/>
    /// fails with an <see cref="IOException"/> if the target exists by then.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The target's folder does not exist.</exception>
    public static AtomicFileWriter Create(string path, bool overwrite = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = System.IO.Path.GetFullPath(path);
        string directory = System.IO.Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"{path}: has no parent directory.", nameof(path));
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"{path}: directory '{directory}' does not exist.");
        // The random part keeps concurrent writers of the same target from sharing a temporary file.
        string temporaryPath = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        return new AtomicFileWriter(path, temporaryPath, stream, overwrite);
    }

    /// <summary>Atomically writes <paramref name="path"/> with whatever <paramref name="writeContent"/> writes to the stream it is given.</summary>
    /// <exception cref="DirectoryNotFoundException">The target's folder does not exist.</exception>
    public static void Write(string path, Action<Stream> writeContent, bool overwrite = true)
    {
        ArgumentNullException.ThrowIfNull(writeContent);
        using var writer = Create(path, overwrite);
        writeContent(writer.Stream);
        writer.Commit();
    }

    /// <summary>Atomically writes <paramref name="content"/> to <paramref name="path"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content, bool overwrite = true)
    {
        using var writer = Create(path, overwrite);
        writer.Stream.Write(content);
        writer.Commit();
    }

    /// <summary>Atomically writes <paramref name="content"/> to <paramref name="path"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string content, bool overwrite = true)
    {
        ArgumentNullException.ThrowIfNull(content);
        WriteAllBytes(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content), overwrite);
    }

    /// <summary>Flushes the content to disk, renames it over <see cref="Path"/> and flushes the folder.</summary>
    /// <exception cref="IOException">The rename failed, e.g. the target exists and overwriting was not allowed; the temporary file is gone.</exception>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(finished, this);
        finished = true;
        try
        {
            stream.Flush(flushToDisk: true);
            stream.Dispose();
            File.Move(TemporaryPath, Path, overwrite);
        }
        catch
        {
            stream.Dispose();
            DeleteTemporaryFile();
            throw;
        }
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
