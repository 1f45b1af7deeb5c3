namespace Harmonia.Tensors;

/// <summary>Process-wide engine settings.</summary>
public static class EngineSettings
{
    private static int threads = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// How many threads kernels may use. Changing it never changes results: work is split
    /// into fixed chunks (see <see cref="Threading.ParallelRange"/>).
    /// </summary>
    public static int Threads
    {
        get => threads;
        set => threads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "Threads must be at least 1.");
    }
}
