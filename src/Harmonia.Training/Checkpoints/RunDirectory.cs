namespace Harmonia.Training.Checkpoints;

/// <summary>
/// The files of one training run under <c>--out RUNDIR</c>: <c>last.safetensors</c> (the latest
/// state, what <c>--resume</c> continues from), <c>best.safetensors</c> (the state with the best
/// validation PSNR) and <c>log.jsonl</c>. Also guards the directory: a lock file keeps two
/// trainers out of one run, and leftovers of checkpoint writes a killed process never finished
/// are removed.
/// </summary>
public sealed class RunDirectory
{
    /// <summary>File name of the latest checkpoint.</summary>
    public const string LastCheckpointName = "last.safetensors";

    /// <summary>File name of the best-validation checkpoint.</summary>
    public const string BestCheckpointName = "best.safetensors";

    /// <summary>File name of the training log.</summary>
    public const string LogName = "log.jsonl";

    /// <summary>File name of the lock held while a trainer works in the directory.</summary>
    public const string LockName = ".lock";

    /// <summary>Uses <paramref name="path"/> as a run directory (nothing is created yet).</summary>
    public RunDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>Full path of <c>last.safetensors</c>.</summary>
    public string LastCheckpointPath => System.IO.Path.Combine(Path, LastCheckpointName);

    /// <summary>Full path of <c>best.safetensors</c>.</summary>
    public string BestCheckpointPath => System.IO.Path.Combine(Path, BestCheckpointName);

    /// <summary>Full path of <c>log.jsonl</c>.</summary>
    public string LogPath => System.IO.Path.Combine(Path, LogName);

    /// <summary>The checkpoints present, by file name.</summary>
    public IReadOnlyList<string> ExistingCheckpoints()
        => new[] { LastCheckpointName, BestCheckpointName }.Where(name => File.Exists(System.IO.Path.Combine(Path, name))).ToArray();

    /// <summary>
    /// Creates the directory if needed and takes its lock for the lifetime of the returned
    /// object. The lock is an OS file lock, so a killed trainer releases it with its process.
    /// </summary>
    /// <exception cref="TrainingRunException">Another trainer holds the lock, or the directory cannot be created.</exception>
    public IDisposable Lock()
    {
        try
        {
            Directory.CreateDirectory(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrainingRunException($"cannot create the run directory {Path}: {e.Message}", e);
        }
        try
        {
            return new FileStream(System.IO.Path.Combine(Path, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new TrainingRunException($"another trainer is using {Path} (its {LockName} is locked); wait for it or choose another --out directory", e);
        }
    }

    /// <summary>
    /// Deletes the temporary files of checkpoint writes that never completed (a process killed
    /// mid-write leaves <c>.last.safetensors.&lt;id&gt;.tmp</c> next to the intact previous
    /// checkpoint). Only call it while holding <see cref="Lock"/>: no other writer is alive then.
    /// </summary>
    /// <returns>The names of the files removed.</returns>
    public IReadOnlyList<string> RemoveIncompleteWrites()
    {
        if (!Directory.Exists(Path)) return [];
        var removed = new List<string>();
        foreach (var checkpoint in new[] { LastCheckpointName, BestCheckpointName })
        {
            // The naming of SafeTensorsFile.Write's temporary files (Harmonia.Tensors.Files.AtomicFileWriter): ".<target>.<id>.tmp".
            foreach (var file in Directory.EnumerateFiles(Path, $".{checkpoint}.*.tmp"))
            {
                File.Delete(file);
                removed.Add(System.IO.Path.GetFileName(file));
            }
        }
        return removed;
    }
}
