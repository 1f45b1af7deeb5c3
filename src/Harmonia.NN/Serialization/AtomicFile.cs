using Harmonia.Tensors.Files;

namespace Harmonia.NN.Serialization;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content,
/// never a half-written file: the bytes go to a temporary file in the same directory (same
/// volume, so the final rename is atomic), are flushed to disk, then renamed over the target,
/// and the directory is flushed so that the rename itself survives a power loss.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Runs <paramref name="writeContent"/> against a temporary file and moves it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> writeContent)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' has no parent directory.", nameof(path));
        string temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                writeContent(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
        // The rename lives in the directory: flush it too, or a power loss could still lose the checkpoint.
        DirectorySync.Flush(directory);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
