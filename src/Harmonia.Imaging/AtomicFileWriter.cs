using Harmonia.Tensors.Files;

namespace Harmonia.Imaging;

/// <summary>
/// Writes files so that readers only ever see the old file or the complete new one: the
/// content goes to a temporary file in the same directory, is flushed to disk, and then
/// replaces the target in one rename, after which the directory is flushed too. If anything
/// fails the temporary file is deleted and the target is left untouched.
/// </summary>
public static class AtomicFileWriter
{
    /// <summary>Atomically replaces (or creates) <paramref name="path"/> with <paramref name="content"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        // Spans cannot be captured by a lambda; the copy is cheap next to the disk write.
        byte[] copy = content.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>Atomically replaces (or creates) <paramref name="path"/> with <paramref name="content"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        byte[] bytes = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content);
        Write(path, stream => stream.Write(bytes));
    }

    /// <summary>
    /// Atomically replaces (or creates) <paramref name="path"/> with whatever
    /// <paramref name="writeContent"/> writes to the stream it is given.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The target's directory does not exist.</exception>
    public static void Write(string path, Action<Stream> writeContent)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(writeContent);
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"{path}: has no parent directory.", nameof(path));
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"{path}: directory '{directory}' does not exist.");

        // Same directory, so the final rename never crosses file systems; the random part keeps
        // concurrent writers of the same target from sharing a temporary file.
        string temporaryPath = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                writeContent(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporaryPath, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporaryPath);
            throw;
        }
        // The rename lives in the directory: flush it too, or a power loss could still lose the file.
        DirectorySync.Flush(directory);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { /* best effort: the original error matters more */ }
        catch (UnauthorizedAccessException) { }
    }
}
