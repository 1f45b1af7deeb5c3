using System.Text;

namespace Harmonia.Evaluation.Reports;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a
/// partial file: the content goes to a uniquely named temporary file in the same directory (so the
/// final rename stays on one volume), is flushed to disk, and is then moved over the destination.
/// On any failure the temporary file is deleted and the destination is left untouched.
/// </summary>
public static class AtomicFileWriter
{
    private static readonly UTF8Encoding Utf8WithoutBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="content"/> as UTF-8 (no BOM).</summary>
    public static void WriteAllText(string path, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        Write(path, stream =>
        {
            byte[] bytes = Utf8WithoutBom.GetBytes(content);
            stream.Write(bytes);
        });
    }

    /// <summary>
    /// Atomically replaces <paramref name="path"/> with whatever <paramref name="writeContent"/> writes to
    /// the stream it is given. If the callback throws, the destination is untouched and the exception propagates.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The destination's directory does not exist.</exception>
    public static void Write(string path, Action<Stream> writeContent)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(writeContent);
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        string fileName = Path.GetFileName(fullPath);
        if (fileName.Length == 0) throw new ArgumentException($"'{path}' names a directory, not a file.", nameof(path));
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Cannot write '{fullPath}': directory '{directory}' does not exist.");

        string temporaryPath = Path.Combine(directory, $".{fileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                writeContent(stream);
                // Flush to the device before the rename, so a crash cannot leave a renamed but empty file.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporaryPath, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporaryPath);
            throw;
        }
    }

    private static void TryDelete(string temporaryPath)
    {
        try { File.Delete(temporaryPath); }
        catch (IOException) { /* Best effort: the original error is the one worth reporting. */ }
        catch (UnauthorizedAccessException) { }
    }
}
